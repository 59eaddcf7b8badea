using System.Text.Json;

namespace Lookout.Core.Deliveries;

/// <summary>
/// Ingest's bound on what an array delivery may hold. A top-level array is the Reporting API's shape (the
/// legacy formats are single objects), and every Reporting API report carries a <c>type</c> string. An array
/// item without one is not a report, and accepting it would let a tiny body (<c>[{},{},…]</c>, 3 KB) become a
/// thousand <c>unknown</c> rows, so such a delivery is refused whole. A single object of unknown shape is still
/// accepted and stored as one <c>unknown</c> row. Normalize does not apply this rule: messages already queued
/// are stored as before.
/// </summary>
public static class ReportArrayRule
{
    /// <summary>The refusal for the first array item without a top-level <c>type</c> string, or null.</summary>
    public static DeliveryError? Check(ReadOnlySpan<byte> body, DeliveryScan scan)
    {
        if (!scan.IsValid || !scan.IsArray)
            return null;
        for (var i = 0; i < scan.Reports.Count; i++)
        {
            if (!HasTypeString(body[scan.Reports[i]]))
                return new DeliveryError(DeliveryErrorKind.UnsupportedShape,
                    $"Report {i} has no \"type\" string; items of a report array are Reporting API reports.");
        }
        return null;
    }

    // The scanner already validated the JSON, so the reader cannot fail here; only top-level members are read.
    private static bool HasTypeString(ReadOnlySpan<byte> report)
    {
        var reader = new Utf8JsonReader(report, new JsonReaderOptions { MaxDepth = DeliveryLimits.Default.MaxDepth });
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isType = reader.ValueTextEquals("type"u8);
            reader.Read();
            if (isType && reader.TokenType == JsonTokenType.String)
                return true;
            reader.Skip();
        }
        return false;
    }
}
