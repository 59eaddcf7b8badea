using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lookout.Functions.Read;

/// <summary>
/// One issue over a day range: its total, reach and days. <see cref="Day"/> is the latest day it was seen in the
/// range (its sample, title and key fields are that day's); <see cref="FirstSeen"/> is its first report in the range.
/// </summary>
public sealed record IssueItem(
    string Day, string Id, string Type, string Fingerprint, string Title, long Count, long Rows,
    DateTimeOffset? FirstSeen, DateTimeOffset? LastSeen, string[] Sites, string? Noise,
    string? SamplePartitionKey, string? SampleRowKey, Dictionary<string, string> Fields)
{
    /// <summary>Reports per day, oldest first, over <see cref="TrendDays"/>.</summary>
    public long[]? Trend { get; init; }

    /// <summary>Reports of <see cref="Count"/> sampled out by the site's budget (counted, no row).</summary>
    public long Sampled { get; init; }

    /// <summary>The days of <see cref="Trend"/>.</summary>
    public string[]? TrendDays { get; init; }

    /// <summary>Distinct pages (origin + path) over the range: exact up to 256, else within ~2 %; null for days stored without reach.</summary>
    public long? Pages { get; init; }

    /// <summary>Distinct document origins (sites) over the range, as <see cref="Pages"/>.</summary>
    public long? Origins { get; init; }

    public int DaysSeen { get; init; }

    /// <summary>The issue's first report ever (its issue-level entity), else its first in the range.</summary>
    public DateTimeOffset? FirstSeenEver { get; init; }

    /// <summary>The fingerprint scheme of its latest day (docs/schema.md "Issues"; 1: written before scheme 2).</summary>
    public long Scheme { get; init; }

    /// <summary>Most reported pages and browsers (one issue's page: <c>fingerprint</c> given, and <c>/top</c>).</summary>
    public TopCount[]? TopPages { get; init; }
    public TopCount[]? Browsers { get; init; }
}

/// <summary>A heavy hitter: the true count is between <c>Count − Error</c> and <c>Count</c> (Error 0: exact).</summary>
public sealed record TopCount(string Name, long Count, long Error);

public sealed record IssuePage(IssueItem[] Items, string? Next);

/// <summary>The top issues of a range (<see cref="Day"/>: its last day) and the total reports of the issues kept by the filters.</summary>
public sealed record TopIssues(string Day, string From, long Total, IssueItem[] Items)
{
    /// <summary>Reports of the range (type and site filters applied, noise included) that were counted but not stored by a site limit.</summary>
    public ShedCounts? Shed { get; init; }
}

/// <summary>Why reports were only counted: about a host outside the site's allow-list, beyond the per-delivery issue cap,
/// or sampled out over the site's budget (docs/configuration.md, "Site limits").</summary>
public sealed record ShedCounts(long ForeignHost, long OverIssueCap, long Sampled);

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

/// <summary>A CSP policy seen in a range: enforce, report (report-only), both, or unseen (stored, no report in the range); first and last day with reports; its verdict.</summary>
public sealed record PolicyItem(string Id, string Disposition, string? FirstSeen, string? LastSeen, long Reports, long Noise, PolicyVerdict Ready);

/// <summary>Whether a report-only policy can be enforced, and why (docs/policy.md, "Ready to enforce").</summary>
public sealed record PolicyVerdict(bool Ready, string Reason);

public sealed record PolicyPage(string From, string To, PolicyItem[] Items, string? Next);

/// <summary>An issue behind a suggestion, and the reports it had under this policy.</summary>
public sealed record IssueRef(string Type, string Fingerprint, string Title, long Reports);

/// <summary>What to add to a directive (or a warning instead), its reach and the issues behind it; only credible ones go into the suggested text.</summary>
public sealed record SuggestionItem(string Directive, string? Source, string? Warning, long Reports, long Noise, double NoiseShare,
    int Pages, int Sites, int Clients, bool Credible, IssueRef[] Issues);

/// <summary>The thresholds a suggestion and a verdict are held to (<c>PolicyAdvice</c>).</summary>
public sealed record AdviceThresholds(int MinPages, int MinClients, double MaxNoiseShare, int ReadyAfterDays);

/// <summary>One policy: its normalized text (attacker-controlled: show it as text only), the suggestions, and the text with the credible ones applied.</summary>
public sealed record PolicyDetail(string From, string To, PolicyItem Policy, string? Text, bool TextCut, SuggestionItem[] Suggestions,
    string? Suggested, AdviceThresholds Thresholds);

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
[JsonSerializable(typeof(PolicyPage))]
[JsonSerializable(typeof(PolicyDetail))]
public sealed partial class ReadJsonContext : JsonSerializerContext;
