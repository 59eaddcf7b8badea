using Lookout.Core.Deliveries;

namespace Lookout.Core.Formats;

/// <summary>
/// Entry point of the formats layer: one delivery (body bytes + Content-Type) to its normalized
/// reports. Never throws for any input. (Skeleton: the formats issue fills this in.)
/// </summary>
public static class DeliveryParser
{
    public static DeliveryParseResult Parse(ReadOnlySpan<byte> body, WireFormat format, DeliveryLimits? limits = null)
    {
        var scan = DeliveryScanner.Scan(body, limits);
        if (!scan.IsValid)
            return DeliveryParseResult.Failure(scan.Error!);
        throw new NotImplementedException();
    }
}
