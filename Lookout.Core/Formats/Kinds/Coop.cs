using Lookout.Core.Issues;
using Lookout.Core.Reports;
using static Lookout.Core.Formats.Kinds.SharedFields;

namespace Lookout.Core.Formats.Kinds;

/// <summary>Cross-Origin-Opener-Policy: a navigation or cross-window access the policy cut, or would cut.</summary>
public sealed class Coop : ReportKind
{
    public static readonly Coop Kind = new();

    /// <summary>The URLs a COOP report may name for the other side of the cut, in the order they are looked at.</summary>
    private static readonly string[] OtherSide = ["PreviousResponseUrl", "NextResponseUrl", "OpenerUrl", "OpenedWindowUrl", "InitialPopupUrl", "OtherDocumentUrl"];

    public override string IssueRule =>
        "Violation type + effective policy + disposition + the accessed property + the document's origin + the other " +
        "side's origin (previous/next response, opener, opened window, popup or other document, first named): the " +
        "header is the document's own, and what breaks is its relation to one other origin; the document's path is " +
        "the reach.";

    public override IssueIdentity Identify(NormalizedReport report)
    {
        var type = report.TextOf("ViolationType") ?? "(no type)";
        var policy = report.TextOf("EffectivePolicy") ?? "(no policy)";
        var disposition = report.TextOf(SharedFields.Disposition.Column) ?? "enforce";
        var property = report.TextOf("Property");
        var origin = IssueParts.DocumentOrigin(report.Url);
        var other = OtherSide.Select(column => UrlParts.Origin(report.TextOf(column))).FirstOrDefault(o => o is not null) ?? "(none)";
        var title = $"coop {type} ({policy}) on {origin}" + (other == "(none)" ? "" : $" with {other}") +
            (property is null ? "" : $" .{property}") + (disposition == "report" ? " (report-only)" : "");
        return IssueIdentity.Of(Slug, title, type, policy, disposition, property, origin, other);
    }

    private Coop() : base("coop",
    [
        Field.Text("ViolationType", ["type"], note: "`navigation-from-response`, `navigation-to-response`, `access-from-coop-page-to-opener`, …"),
        SharedFields.Disposition,
        Field.Text("EffectivePolicy", ["effectivePolicy", "effective-policy"]),
        Field.Text("PreviousResponseUrl", ["previousResponseURL", "previous-response-url"]),
        Field.Text("NextResponseUrl", ["nextResponseURL", "next-response-url"]),
        Field.Text("OpenerUrl", ["openerURL", "opener-url"]),
        Field.Text("OpenedWindowUrl", ["openedWindowURL", "opened-window-url"]),
        Field.Text("InitialPopupUrl", ["initialPopupURL", "initial-popup-url"]),
        Field.Text("OtherDocumentUrl", ["otherDocumentURL", "other-document-url"]),
        Field.Text("Property", ["property"]),
        Referrer,
        SourceFile,
        LineNumber,
        ColumnNumber,
    ])
    {
    }
}
