namespace Lookout.Core.Deliveries;

public enum DeliveryErrorKind
{
    /// <summary>Not JSON, truncated JSON, or not UTF-8.</summary>
    Malformed,
    /// <summary>Well-formed JSON of a shape no report has (a number, a string, an array of strings…).</summary>
    UnsupportedShape,
    /// <summary>Nothing to store: an empty body or an empty array.</summary>
    Empty,
    /// <summary>Nested deeper than <see cref="DeliveryLimits.MaxDepth"/>.</summary>
    TooDeep,
    /// <summary>More reports than <see cref="DeliveryLimits.MaxReports"/>.</summary>
    TooManyReports,
}

/// <summary>Why a whole delivery was refused; the message is short and safe to send back to the client.</summary>
public sealed record DeliveryError(DeliveryErrorKind Kind, string Message);
