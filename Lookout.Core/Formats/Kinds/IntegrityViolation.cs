using Lookout.Core.Reports;
using static Lookout.Core.Formats.Kinds.SharedFields;

namespace Lookout.Core.Formats.Kinds;

/// <summary>Integrity-Policy: a script or style loaded without the integrity metadata the policy requires.</summary>
public sealed class IntegrityViolation : ReportKind
{
    public static readonly IntegrityViolation Kind = new();

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
