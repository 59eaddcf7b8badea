using Lookout.Core.Reports;

namespace Lookout.Core.Deliveries;

/// <summary>A delivery parsed into reports, or the reason the whole delivery was refused.</summary>
public sealed class DeliveryParseResult
{
    private DeliveryParseResult(DeliveryError? error, IReadOnlyList<NormalizedReport> reports)
    {
        Error = error;
        Reports = reports;
    }

    public static DeliveryParseResult Success(IReadOnlyList<NormalizedReport> reports) => new(null, reports);
    public static DeliveryParseResult Failure(DeliveryError error) => new(error, []);

    public DeliveryError? Error { get; }
    public bool IsSuccess => Error is null;
    public IReadOnlyList<NormalizedReport> Reports { get; }
}
