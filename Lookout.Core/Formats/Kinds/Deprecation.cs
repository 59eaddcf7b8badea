using Lookout.Core.Issues;
using Lookout.Core.Reports;
using static Lookout.Core.Formats.Kinds.SharedFields;

namespace Lookout.Core.Formats.Kinds;

/// <summary>Reporting API deprecation reports: a feature the page used is going away.</summary>
public sealed class Deprecation : ReportKind
{
    public static readonly Field ReportId = Field.Text("ReportId", ["id"]);

    // After the fields above: static fields initialise in order.
    public static readonly Deprecation Kind = new();

    public override string IssueRule => IdAndSourceRule;

    internal const string IdAndSourceRule =
        "`id` + where it was used: the source file's origin and path (no query: cache busters vary) when it is a file " +
        "of its own, else (inline script, or no file named) the document's origin. A feature use is fixed in the " +
        "script that makes it, so every page loading that script shares the issue.";

    public override IssueIdentity Identify(NormalizedReport report) => IdAndSource(Slug, report);

    internal static IssueIdentity IdAndSource(string slug, NormalizedReport report)
    {
        var id = report.TextOf(ReportId.Column) ?? "(no id)";
        var where = IssueParts.ScriptLocation(report.TextOf(SourceFile.Column), report.Url);
        return IssueIdentity.Of(slug, $"{slug}: {id} in {where}", id, where);
    }

    private Deprecation() : base("deprecation",
    [
        ReportId,
        Message,
        SourceFile,
        LineNumber,
        ColumnNumber,
        Field.Date("AnticipatedRemoval", ["anticipatedRemoval", "anticipated-removal", "anticipated_removal"]),
    ])
    {
    }
}
