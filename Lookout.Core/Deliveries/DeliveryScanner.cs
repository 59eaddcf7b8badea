using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Lookout.Core.Deliveries;

/// <summary>
/// The structural check every delivery passes before it is acknowledged: UTF-8, well-formed JSON,
/// bounded depth, and a top level that is one object or a non-empty array of objects. For arrays it
/// records each report's byte range so Ingest can split a delivery without re-serializing a report.
/// It reads every byte once with <see cref="Utf8JsonReader"/> and allocates only the range list.
/// </summary>
public static class DeliveryScanner
{
    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    public static DeliveryScan Scan(ReadOnlySpan<byte> body, DeliveryLimits? limits = null)
    {
        limits ??= DeliveryLimits.Default;
        var offset = body.StartsWith(Utf8Bom) ? Utf8Bom.Length : 0;
        var json = body[offset..];

        if (json.Trim(" \t\r\n"u8).IsEmpty)
            return DeliveryScan.Fail(DeliveryErrorKind.Empty, "The body is empty.");
        if (!Utf8.IsValid(json))
            return DeliveryScan.Fail(DeliveryErrorKind.Malformed, "The body is not valid UTF-8.");

        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = limits.MaxDepth });
        var reports = new List<Range>();
        bool isArray;
        try
        {
            reader.Read();
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    isArray = false;
                    var objectStart = (int)reader.TokenStartIndex;
                    reader.Skip();
                    reports.Add(new Range(offset + objectStart, offset + (int)reader.BytesConsumed));
                    break;
                case JsonTokenType.StartArray:
                    isArray = true;
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        if (reader.TokenType != JsonTokenType.StartObject)
                            return DeliveryScan.Fail(DeliveryErrorKind.UnsupportedShape,
                                $"Report {reports.Count} is a JSON {Describe(reader.TokenType)}, not an object.");
                        if (reports.Count == limits.MaxReports)
                            return DeliveryScan.Fail(DeliveryErrorKind.TooManyReports,
                                $"A delivery may hold at most {limits.MaxReports} reports.");
                        var start = (int)reader.TokenStartIndex;
                        reader.Skip();
                        reports.Add(new Range(offset + start, offset + (int)reader.BytesConsumed));
                    }
                    if (reports.Count == 0)
                        return DeliveryScan.Fail(DeliveryErrorKind.Empty, "The report array is empty.");
                    break;
                default:
                    return DeliveryScan.Fail(DeliveryErrorKind.UnsupportedShape,
                        $"The body is a JSON {Describe(reader.TokenType)}; reports are objects or an array of objects.");
            }
            // Anything after the top-level value other than white space is an error.
            if (reader.Read())
                return DeliveryScan.Fail(DeliveryErrorKind.Malformed, "Unexpected data after the JSON value.");
        }
        catch (JsonException e)
        {
            // Truncated input also fails with a "depth" message (depth not back to zero): tell them apart by where the reader was.
            return reader.CurrentDepth >= limits.MaxDepth - 1
                ? DeliveryScan.Fail(DeliveryErrorKind.TooDeep, $"JSON nests deeper than {limits.MaxDepth} levels.")
                : DeliveryScan.Fail(DeliveryErrorKind.Malformed, $"Malformed JSON at byte {e.BytePositionInLine ?? reader.BytesConsumed}.");
        }
        return new DeliveryScan(null, isArray, reports);
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.String => "string",
        JsonTokenType.Number => "number",
        JsonTokenType.True or JsonTokenType.False => "boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.StartArray => "array",
        _ => token.ToString().ToLowerInvariant(),
    };
}

/// <summary>Result of <see cref="DeliveryScanner.Scan"/>: an error, or the byte range of each report.</summary>
public sealed class DeliveryScan
{
    internal DeliveryScan(DeliveryError? error, bool isArray, IReadOnlyList<Range> reports)
    {
        Error = error;
        IsArray = isArray;
        Reports = reports;
    }

    internal static DeliveryScan Fail(DeliveryErrorKind kind, string message) => new(new DeliveryError(kind, message), false, []);

    public DeliveryError? Error { get; }
    public bool IsValid => Error is null;

    /// <summary>True when the top level is an array (Reporting API batches); false for one object.</summary>
    public bool IsArray { get; }

    /// <summary>Byte range of each report within the body (for one object: the object itself).</summary>
    public IReadOnlyList<Range> Reports { get; }
}
