using System.Globalization;
using Lookout.Core.Formats.Kinds;
using Lookout.Core.Issues.Reach;
using Lookout.Core.Policy;
using Lookout.Core.Records;
using Lookout.Core.Reports;

namespace Lookout.Functions.Normalize;

/// <summary>One issue of one UTC day: the digest entity's identity (PartitionKey day, RowKey type_fingerprint).</summary>
public readonly record struct IssueKey(string Day, string Type, string Fingerprint)
{
    public string RowKey => Type + "_" + Fingerprint;

    public static string DayOf(DateTimeOffset time) => UtcDay.Of(time).ToString();
}

/// <summary>
/// What one message adds to one issue: how many reports, when, from which sites, its reach (pages, document
/// origins, top pages, browsers), and the first of its records (the sample a new digest entity points at, and
/// the key fields it shows).
/// </summary>
public sealed class IssueTally(IssueKey key, string title, ReportRecord first, DateTimeOffset seen)
{
    /// <summary>Site tags kept per digest entity; more are counted but not listed.</summary>
    public const int MaxSites = 20;

    public IssueKey Key { get; } = key;
    public string Title { get; } = title;
    public ReportRecord First { get; } = first;
    public long Count { get; private set; }

    /// <summary>Reports of <see cref="Count"/> that want a row (dropped noise is counted, never stored).</summary>
    public long Rows { get; private set; }

    /// <summary>Reports of <see cref="Count"/> the site's budget sampled out (counted, no row).</summary>
    public long Sampled { get; private set; }
    public DateTimeOffset FirstSeen { get; private set; } = seen;
    public DateTimeOffset LastSeen { get; private set; } = seen;
    public SortedSet<string> Sites { get; } = new(StringComparer.Ordinal);
    public IssueReach Reach { get; } = new();

    /// <summary>CSP reports per policy id (the policy each report carried), and those policies' normalized texts.</summary>
    public PolicyTallies Policies { get; } = new();
    public IReadOnlyDictionary<string, string> PolicyTexts => _policyTexts ?? NoTexts;

    private static readonly Dictionary<string, string> NoTexts = [];
    private Dictionary<string, string>? _policyTexts; // made on the first CSP report with a policy

    private void AddPolicyText(string id, string text) => (_policyTexts ??= new(StringComparer.Ordinal)).TryAdd(id, text);

    public void Add(long count, long rows, long sampled, DateTimeOffset firstSeen, DateTimeOffset lastSeen, IEnumerable<string> sites)
    {
        Count += count;
        Rows += rows;
        Sampled += sampled;
        if (firstSeen < FirstSeen) FirstSeen = firstSeen;
        if (lastSeen > LastSeen) LastSeen = lastSeen;
        foreach (var site in sites)
            if (Sites.Count < MaxSites || Sites.Contains(site))
                Sites.Add(site);
    }

    /// <summary>Groups a message's records by issue, in record order (the first record of each issue first).</summary>
    public static List<IssueTally> Of(IReadOnlyList<ReportRecord> records)
    {
        var byKey = new Dictionary<IssueKey, IssueTally>();
        var ordered = new List<IssueTally>();
        foreach (var record in records)
        {
            var key = KeyOf(record);
            var seen = record[RowColumns.ReceivedAt]!.Value.AsDateTime;
            if (!byKey.TryGetValue(key, out var tally))
            {
                tally = new IssueTally(key, record[RowColumns.Title]?.AsString ?? key.Type, record, seen);
                byKey.Add(key, tally);
                ordered.Add(tally);
            }
            tally.Add(1, record.Drop ? 0 : 1, record.Sampled ? 1 : 0, seen, seen, record[RowColumns.Site] is { } site ? [site.AsString] : []);
            tally.Reach.Add(record[RowColumns.Url]?.AsString, record[RowColumns.UserAgent]?.AsString);
            if (record[CspViolation.OriginalPolicy.Column] is { Kind: FieldKind.String } policy && policy.AsString.Length > 0)
            {
                var identity = PolicyCache.Identify(policy.AsString);
                var noise = record[RowColumns.Noise] is { Kind: FieldKind.String } flag && flag.AsString.Length > 0;
                tally.Policies.Add(identity.Id, 1, noise ? 1 : 0, record[SharedFields.Disposition.Column]?.AsString == "report");
                tally.AddPolicyText(identity.Id, identity.Normalized);
            }
        }
        return ordered;
    }

    public static IssueKey KeyOf(ReportRecord record) => new(
        IssueKey.DayOf(record[RowColumns.ReceivedAt]!.Value.AsDateTime),
        record[RowColumns.Type]!.Value.AsString,
        record[RowColumns.Fingerprint]?.AsString ?? "none");
}

