using Lookout.Core.Reports;
using static Lookout.Core.Formats.Kinds.SharedFields;

namespace Lookout.Core.Formats.Kinds;

/// <summary>Cross-Origin-Embedder-Policy: a resource the policy blocked, or would block.</summary>
public sealed class Coep : ReportKind
{
    public static readonly Coep Kind = new();

    private Coep() : base("coep",
    [
        Field.Text("ViolationType", ["type"], note: "`corp`, `navigation`, `worker initialization`"),
        BlockedUrl,
        SharedFields.Disposition,
        Destination,
    ])
    {
    }
}
