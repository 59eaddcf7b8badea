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

    /// <summary>Deprecation id + the script that used the feature, without its query (cache busters vary).</summary>
    public override IssueIdentity Identify(NormalizedReport report) => IdAndSource(Slug, report);

    internal static IssueIdentity IdAndSource(string slug, NormalizedReport report)
    {
        var id = report.TextOf(ReportId.Column) ?? "(no id)";
        var source = UrlParts.OriginAndPath(report.TextOf(SourceFile.Column));
        var title = source is null ? $"{slug}: {id}" : $"{slug}: {id} in {UrlParts.Path(source)}";
        return IssueIdentity.Of(slug, title, id, source);
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
