using Lookout.Core.Reports;
using static Lookout.Core.Formats.Kinds.SharedFields;

namespace Lookout.Core.Formats.Kinds;

/// <summary>Cross-Origin-Opener-Policy: a navigation or cross-window access the policy cut, or would cut.</summary>
public sealed class Coop : ReportKind
{
    public static readonly Coop Kind = new();

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
