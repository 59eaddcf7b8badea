using Lookout.Core.Issues;
using Lookout.Core.Reports;
using static Lookout.Core.Formats.Kinds.SharedFields;

namespace Lookout.Core.Formats.Kinds;

/// <summary>Reporting API intervention reports: the browser refused or changed something the page asked for.</summary>
public sealed class Intervention : ReportKind
{
    public static readonly Intervention Kind = new();

    /// <summary>Intervention id + the script involved, without its query, as for deprecations.</summary>
    public override IssueIdentity Identify(NormalizedReport report) => Deprecation.IdAndSource(Slug, report);

    private Intervention() : base("intervention", [Deprecation.ReportId, Message, SourceFile, LineNumber, ColumnNumber])
    {
    }
}
