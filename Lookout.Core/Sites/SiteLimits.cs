using Lookout.Core.Envelopes;
using Lookout.Core.Formats.Kinds;
using Lookout.Core.Issues;
using Lookout.Core.Records;
using Lookout.Core.Reports;
using Lookout.Core.Triage;

namespace Lookout.Core.Sites;

/// <summary>
/// What keeps one endpoint from being run up, applied by Normalize to a message's records (in delivery order):
/// <list type="number">
/// <item>A report about a host outside its site's allow-list is <see cref="ForeignHost"/>: counted, no row.</item>
/// <item>Reports beyond the message's first <c>maxIssues</c> distinct issues are <see cref="OverIssueCap"/>: counted, no row.</item>
/// <item>Of the rest, a sampled envelope keeps the rows of the reports <see cref="Sampling"/> picks; the others are
/// counted in their own issue as sampled.</item>
/// </list>
/// Folded reports (1, 2) do not keep their own issue: each type's are counted in one issue of the day, flagged with the
/// reason, so a flood of made-up hosts or problems adds one digest entity, not one per report. Every decision is a
/// function of the message, so a retry gives the same counts and rows.
/// </summary>
public static class SiteLimits
{
    public const string ForeignHost = "foreign-host";
    public const string OverIssueCap = "over-issue-cap";

    public static List<ReportRecord> Apply(Envelope envelope, IReadOnlyList<ReportRecord> records, SitePolicy policy, int maxIssues, ReportKinds? kinds = null)
    {
        var limited = new List<ReportRecord>(records.Count);
        var issues = new HashSet<(string?, string?)>();
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            if (!policy.AllowsHost(DocumentHost(record)))
            {
                limited.Add(Fold(record, envelope, kinds, ForeignHost, "Reports about hosts outside the site's allow-list"));
                continue;
            }
            var issue = (record[RowColumns.Type]?.AsString, record[RowColumns.Fingerprint]?.AsString);
            if (maxIssues > 0 && !issues.Contains(issue) && issues.Count >= maxIssues)
            {
                limited.Add(Fold(record, envelope, kinds, OverIssueCap, $"Reports beyond the first {maxIssues} issues of one delivery"));
                continue;
            }
            issues.Add(issue);
            limited.Add(record.Drop || Sampling.Keeps(envelope.Id, envelope.FirstIndex + i, envelope.KeepPpm)
                ? record
                : record with { Drop = true, Sampled = true });
        }
        return limited;
    }

    /// <summary>The host a report is about: its document URL's, else a legacy report's <c>Hostname</c>.</summary>
    public static string? DocumentHost(ReportRecord record) =>
        ReportFacts.HostOf(record[SharedFields.DocumentUrl.Column]?.AsString ?? record[RowColumns.Url]?.AsString)
        ?? (record[TlsFields.Hostname.Column] is { Kind: FieldKind.String } hostname ? hostname.AsString : null);

    /// <summary>
    /// The record counted in the day's one issue of <paramref name="reason"/> for its type (a type no kind declares
    /// counts as <c>unknown</c>, so made-up types cannot multiply the issue), flagged with the reason, stored as no row.
    /// </summary>
    private static ReportRecord Fold(ReportRecord record, Envelope envelope, ReportKinds? kinds, string reason, string title)
    {
        var type = record[RowColumns.Type]?.AsString ?? ReportTypes.Unknown;
        if (type != ReportTypes.Unknown && !(kinds ?? ReportKinds.Builtin).TryResolve(type, out _, out _))
            type = ReportTypes.Unknown;
        var identity = IssueIdentity.Of(type, title, reason);
        var properties = record.Properties.Select(p => p.Name switch
        {
            RowColumns.Type => new ReportField(p.Name, FieldValue.Of(type)),
            RowColumns.Fingerprint => new ReportField(p.Name, FieldValue.Of(identity.Fingerprint)),
            RowColumns.Title => new ReportField(p.Name, FieldValue.Of(identity.Title)),
            RowColumns.Noise => new ReportField(p.Name, FieldValue.Of(reason)),
            _ => p,
        }).ToList();
        return new ReportRecord(RecordKeys.PartitionKey(type, envelope.ReceivedAt), record.RowKey, properties) { Drop = true };
    }
}
