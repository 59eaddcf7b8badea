using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Azure;

namespace Lookout.Storage;

/// <summary>
/// Entities to and from the Table service's JSON (OData v3 "minimalmetadata"): values JSON cannot
/// tell apart carry a <c>Name@odata.type</c> annotation: Edm.Int64 (as a string, so no precision
/// is lost in JavaScript), Edm.DateTime (ISO 8601 UTC, 7 fraction digits: the service keeps ticks),
/// Edm.Double (so 2.0 is not read back as Int32), Edm.Guid and Edm.Binary (base64).
/// </summary>
internal static class EdmValues
{
    private const string TypeSuffix = "@odata.type";
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static DateTimeOffset ToUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Local => new DateTimeOffset(value.ToUniversalTime(), TimeSpan.Zero),
        // Unspecified is taken as UTC: the service has no notion of local time.
        _ => new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc), TimeSpan.Zero),
    };

    public static string FormatDateTime(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The entity as a JSON object (Timestamp and nulls left out: the service sets or drops them).</summary>
    public static byte[] Serialize(TableEntity entity)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in entity)
            {
                if (value is null || name == TableEntity.TimestampName || name.StartsWith("odata.", StringComparison.Ordinal))
                    continue;
                WriteProperty(writer, name, value);
            }
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteProperty(Utf8JsonWriter writer, string name, object value)
    {
        switch (value)
        {
            case string s: writer.WriteString(name, s); break;
            case bool b: writer.WriteBoolean(name, b); break;
            case int i: writer.WriteNumber(name, i); break;
            case short or byte or sbyte or ushort: writer.WriteNumber(name, Convert.ToInt32(value, CultureInfo.InvariantCulture)); break;
            case long l: Typed(writer, name, l.ToString(CultureInfo.InvariantCulture), "Edm.Int64"); break;
            case uint u: Typed(writer, name, u.ToString(CultureInfo.InvariantCulture), "Edm.Int64"); break;
            case double d: WriteDouble(writer, name, d); break;
            case float f: WriteDouble(writer, name, f); break;
            case DateTimeOffset d: Typed(writer, name, FormatDateTime(d), "Edm.DateTime"); break;
            case DateTime d: Typed(writer, name, FormatDateTime(ToUtc(d)), "Edm.DateTime"); break;
            case Guid g: Typed(writer, name, g.ToString("D"), "Edm.Guid"); break;
            case byte[] bytes: Typed(writer, name, Convert.ToBase64String(bytes), "Edm.Binary"); break;
            case BinaryData data: Typed(writer, name, Convert.ToBase64String(data.ToMemory().Span), "Edm.Binary"); break;
            default:
                throw new ArgumentException($"Property '{name}' has type {value.GetType().Name}, which the Table service cannot store.");
        }
    }

    private static void WriteDouble(Utf8JsonWriter writer, string name, double d)
    {
        if (double.IsFinite(d))
            writer.WriteNumber(name, d);
        else
            writer.WriteString(name, double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
        writer.WriteString(name + TypeSuffix, "Edm.Double");
    }

    private static void Typed(Utf8JsonWriter writer, string name, string value, string type)
    {
        writer.WriteString(name, value);
        writer.WriteString(name + TypeSuffix, type);
    }

    /// <summary>Reads one entity object of a query or Get Entity answer.</summary>
    public static TableEntity Deserialize(JsonElement element)
    {
        var entity = new TableEntity();
        foreach (var property in element.EnumerateObject())
        {
            var name = property.Name;
            if (name == "odata.etag")
            {
                entity.ETag = new ETag(property.Value.GetString()!);
                continue;
            }
            if (name.StartsWith("odata.", StringComparison.Ordinal) || name.Contains('@', StringComparison.Ordinal))
                continue;
            var type = element.TryGetProperty(name + TypeSuffix, out var t) ? t.GetString() : null;
            if (name == TableEntity.TimestampName)
                type = "Edm.DateTime";
            entity[name] = ReadValue(property.Value, type, name);
        }
        return entity;
    }

    private static object? ReadValue(JsonElement value, string? type, string name)
    {
        if (value.ValueKind == JsonValueKind.Null)
            return null;
        switch (type)
        {
            case "Edm.Int64":
                return value.ValueKind == JsonValueKind.Number ? value.GetInt64() : long.Parse(value.GetString()!, CultureInfo.InvariantCulture);
            case "Edm.Int32":
                return value.ValueKind == JsonValueKind.Number ? value.GetInt32() : int.Parse(value.GetString()!, CultureInfo.InvariantCulture);
            case "Edm.Double":
                return value.ValueKind == JsonValueKind.Number ? value.GetDouble() : value.GetString() switch
                {
                    "NaN" => double.NaN,
                    "Infinity" => double.PositiveInfinity,
                    "-Infinity" => double.NegativeInfinity,
                    var s => double.Parse(s!, NumberStyles.Float, CultureInfo.InvariantCulture),
                };
            case "Edm.DateTime":
                return DateTimeOffset.Parse(value.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
            case "Edm.Guid":
                return Guid.Parse(value.GetString()!);
            case "Edm.Binary":
                return Convert.FromBase64String(value.GetString()!);
            case "Edm.Boolean":
                return value.ValueKind == JsonValueKind.String ? bool.Parse(value.GetString()!) : value.GetBoolean();
            case null or "Edm.String":
                break;
            default:
                throw new FormatException($"Property '{name}' has unsupported type {type}.");
        }
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            // Unannotated numbers are Int32 when integral and in range, else Double (OData JSON rules).
            JsonValueKind.Number when value.TryGetInt32(out var i) && !HasFraction(value) => i,
            JsonValueKind.Number => value.GetDouble(),
            _ => throw new FormatException($"Property '{name}' has an unexpected JSON {value.ValueKind}."),
        };
    }

    private static bool HasFraction(JsonElement number)
    {
        var raw = number.GetRawText();
        return raw.Contains('.', StringComparison.Ordinal) || raw.Contains('e', StringComparison.OrdinalIgnoreCase);
    }
}
