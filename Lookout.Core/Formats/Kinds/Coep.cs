using Lookout.Core.Issues;
using Lookout.Core.Reports;
using static Lookout.Core.Formats.Kinds.SharedFields;

namespace Lookout.Core.Formats.Kinds;

/// <summary>Cross-Origin-Embedder-Policy: a resource the policy blocked, or would block.</summary>
public sealed class Coep : ReportKind
{
    public static readonly Field ViolationType = Field.Text("ViolationType", ["type"], note: "`corp`, `navigation`, `worker initialization`");

    // After the fields above: static fields initialise in order.
    public static readonly Coep Kind = new();

    public override string IssueRule =>
        "Violation type + blocked origin + destination + disposition; no document: a cross-origin resource without CORP " +
        "or CORS is fixed once on the origin that serves it, whichever pages embed it.";

    public override IssueIdentity Identify(NormalizedReport report)
    {
        var type = report.TextOf(ViolationType.Column) ?? "(no type)";
        var blocked = UrlParts.BlockedOriginOrKeyword(report.TextOf(BlockedUrl.Column));
        var destination = report.TextOf(Destination.Column) ?? "(no destination)";
        var disposition = report.TextOf(SharedFields.Disposition.Column) ?? "enforce";
        var title = $"coep {type} blocked {blocked} ({destination})" + (disposition == "report" ? " (report-only)" : "");
        return IssueIdentity.Of(Slug, title, type, blocked, destination, disposition);
    }

    private Coep() : base("coep",
    [
        ViolationType,
        BlockedUrl,
        SharedFields.Disposition,
        Destination,
    ])
    {
    }
}
