using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lookout.Functions.Read;

/// <summary>One digest entity: an issue's counts on one UTC day.</summary>
public sealed record IssueItem(
    string Day, string Id, string Type, string Fingerprint, string Title, long Count, long Rows,
    DateTimeOffset? FirstSeen, DateTimeOffset? LastSeen, string[] Sites, string? Noise,
    string? SamplePartitionKey, string? SampleRowKey, Dictionary<string, string> Fields)
{
    /// <summary>Counts of the same issue on the days before, oldest first, ending with <see cref="Day"/> (top issues only).</summary>
    public long[]? Trend { get; init; }
}

public sealed record IssuePage(IssueItem[] Items, string? Next);

public sealed record TopIssues(string Day, long Total, IssueItem[] Items);

public sealed record DayCounts(string Day, long Total, Dictionary<string, long> Counts);

public sealed record CountsResult(string From, string To, string[] Types, DayCounts[] Days);

/// <summary>A report row without its Body and Raw, for lists.</summary>
public sealed record ReportSummary(
    string PartitionKey, string RowKey, string Type, DateTimeOffset? ReceivedAt, string? Url, string? Site,
    string? Title, string? Fingerprint, string? Noise);

public sealed record ReportPage(ReportSummary[] Items, string? Next);

/// <summary>One report: its summary, every other property as text, and the normalized Body and original Raw JSON.</summary>
public sealed record ReportDetail(ReportSummary Report, string? UserAgent, DateTimeOffset? IncidentAt, string? SourceFormat,
    Dictionary<string, string> Fields, string? Body, string? Raw);

public sealed record ReadError(string Error);

/// <summary>A report type: its slug, what it is, and the older type names that mean it too.</summary>
public sealed record KindItem(string Slug, string Description, string[] OlderNames);

public sealed record KindList(KindItem[] Kinds);

// Source-generated (no reflection) and camelCase like the rest of the web.
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(IssuePage))]
[JsonSerializable(typeof(TopIssues))]
[JsonSerializable(typeof(CountsResult))]
[JsonSerializable(typeof(ReportPage))]
[JsonSerializable(typeof(ReportDetail))]
[JsonSerializable(typeof(ReadError))]
[JsonSerializable(typeof(KindList))]
[JsonSerializable(typeof(TokenPayload))]
public sealed partial class ReadJsonContext : JsonSerializerContext;
