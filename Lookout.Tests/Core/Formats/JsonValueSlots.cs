using System.Text.Json;

namespace Lookout.Tests.Formats;

/// <summary>
/// Byte ranges of every value inside the reports of a delivery (object members and array items at
/// any depth; the reports themselves excluded), so a test can put another JSON value in one place
/// and leave every other byte as sent.
/// </summary>
internal static class JsonValueSlots
{
    public static List<Range> Find(byte[] json)
    {
        var slots = new List<Range>();
        var reader = new Utf8JsonReader(json);
        var reportDepth = -1;
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.PropertyName or JsonTokenType.EndObject or JsonTokenType.EndArray)
                continue;
            if (reportDepth < 0)
            {
                // The first object is the report (a lone object) or the top-level array holds the reports.
                reportDepth = reader.TokenType == JsonTokenType.StartArray ? 1 : 0;
                continue;
            }
            if (reader.CurrentDepth <= reportDepth)
                continue;
            var start = (int)reader.TokenStartIndex;
            var end = reader;
            end.Skip();
            slots.Add(new Range(start, (int)end.BytesConsumed));
        }
        return slots;
    }

    public static byte[] Replace(byte[] json, Range slot, byte[] value)
    {
        var (offset, length) = slot.GetOffsetAndLength(json.Length);
        return [.. json.AsSpan(0, offset), .. value, .. json.AsSpan(offset + length)];
    }
}
