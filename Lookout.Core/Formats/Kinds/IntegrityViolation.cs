using Lookout.Core.Issues;
using Lookout.Core.Reports;
using static Lookout.Core.Formats.Kinds.SharedFields;

namespace Lookout.Core.Formats.Kinds;

/// <summary>Integrity-Policy: a script or style loaded without the integrity metadata the policy requires.</summary>
public sealed class IntegrityViolation : ReportKind
{
    public static readonly IntegrityViolation Kind = new();

    public override string IssueRule =>
        "Blocked URL's origin and path + destination + report-only flag; no document: each script or style needs its " +
        "own integrity metadata (so the path counts, unlike CSP), added once wherever it is loaded.";

    public override IssueIdentity Identify(NormalizedReport report)
    {
        var blocked = UrlParts.OriginAndPath(report.TextOf(BlockedUrl.Column)) ?? "(none)";
        var destination = report.TextOf(Destination.Column) ?? "(no destination)";
        var reportOnly = report.FlagOf("ReportOnly") == true;
        return IssueIdentity.Of(Slug, $"integrity: {blocked} ({destination})" + (reportOnly ? " (report-only)" : ""),
            blocked, destination, reportOnly ? "report" : "enforce");
    }

    private IntegrityViolation() : base("integrity-violation",
    [
        DocumentUrl,
        BlockedUrl,
        Destination,
        Field.Flag("ReportOnly", ["reportOnly", "report-only", "report_only"]),
    ])
    {
    }
}
