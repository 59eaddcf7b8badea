using Lookout.Core.Reports;
using static Lookout.Core.Formats.Kinds.SharedFields;

namespace Lookout.Core.Formats.Kinds;

/// <summary>Reporting API deprecation reports: a feature the page used is going away.</summary>
public sealed class Deprecation : ReportKind
{
    public static readonly Field ReportId = Field.Text("ReportId", ["id"]);

    // After the fields above: static fields initialise in order.
    public static readonly Deprecation Kind = new();

    private Deprecation() : base(ReportTypes.Deprecation,
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
