using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Lookout.Core.Formats.Json;

/// <summary>One member of a JSON object: its name, token kind, scalar text and the value's byte range.</summary>
internal readonly record struct JsonMember(string Name, JsonTokenType Kind, string? Text, int Start, int End);

/// <summary>
/// The top-level members of one JSON object, read once with <see cref="Utf8JsonReader"/>. Nested objects
/// and arrays are kept as byte ranges (opened on demand with <see cref="Object"/>). The input has already
/// passed <see cref="Deliveries.DeliveryScanner"/>, so it is valid UTF-8 JSON within the depth limit.
/// </summary>
internal sealed class JsonObjectView
{
    private readonly byte[] _source;
    private readonly List<JsonMember> _members;

    private JsonObjectView(byte[] source, int start, int end, List<JsonMember> members)
    {
        _source = source;
        Start = start;
        End = end;
        _members = members;
    }

    public int Start { get; }
    public int End { get; }
    public IReadOnlyList<JsonMember> Members => _members;

    /// <summary>Reads the object at <paramref name="start"/>..<paramref name="end"/>; null when it is not an object.</summary>
    public static JsonObjectView? Read(byte[] source, int start, int end, int maxDepth)
    {
        var reader = new Utf8JsonReader(source.AsSpan(start, end - start), new JsonReaderOptions { MaxDepth = Math.Max(maxDepth, 1) });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            return null;
        var members = new List<JsonMember>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            var valueStart = start + (int)reader.TokenStartIndex;
            var kind = reader.TokenType;
            string? text = kind switch
            {
                JsonTokenType.String => reader.GetString(),
                JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
                JsonTokenType.True => "true",
                JsonTokenType.False => "false",
                _ => null,
            };
            if (kind is JsonTokenType.StartObject or JsonTokenType.StartArray)
                reader.Skip();
            members.Add(new JsonMember(name, kind, text, valueStart, start + (int)reader.BytesConsumed));
        }
        return new JsonObjectView(source, start, end, members);
    }

    public bool Has(string name) => Find(name) is not null;

    public JsonMember? Find(string name)
    {
        foreach (var m in _members)
            if (string.Equals(m.Name, name, StringComparison.Ordinal))
                return m;
        return null;
    }

    /// <summary>First member among the aliases that is present and not null.</summary>
    public JsonMember? FindAny(ReadOnlySpan<string> names)
    {
        foreach (var name in names)
            if (Find(name) is { } m && m.Kind != JsonTokenType.Null)
                return m;
        return null;
    }

    /// <summary>The nested object named <paramref name="name"/>, or null when absent or not an object.</summary>
    public JsonObjectView? Object(string name, int maxDepth) =>
        Find(name) is { Kind: JsonTokenType.StartObject } m ? Read(_source, m.Start, m.End, maxDepth) : null;

    /// <summary>The JSON text of this object exactly as sent.</summary>
    public string RawText => Encoding.UTF8.GetString(_source, Start, End - Start);

    public string RawValue(JsonMember m) => Encoding.UTF8.GetString(_source, m.Start, m.End - m.Start);
    public ReadOnlySpan<byte> RawValueBytes(JsonMember m) => _source.AsSpan(m.Start, m.End - m.Start);

    /// <summary>A string value (numbers and booleans as their JSON text); null for null, objects and arrays.</summary>
    public string? String(params ReadOnlySpan<string> names) => FindAny(names) is { Text: { } t } ? t : null;

    public long? Int64(params ReadOnlySpan<string> names) => FindAny(names) is { } m ? Lenient.Int64(m) : null;
    public double? Double(params ReadOnlySpan<string> names) => FindAny(names) is { } m ? Lenient.Double(m) : null;
    public bool? Boolean(params ReadOnlySpan<string> names) => FindAny(names) is { } m ? Lenient.Boolean(m) : null;
    public DateTimeOffset? DateTime(params ReadOnlySpan<string> names) => FindAny(names) is { } m ? Lenient.DateTime(m) : null;

    public string KeyList(int max = 20)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < _members.Count && i < max; i++)
        {
            if (i > 0) sb.Append(", ");
            var n = _members[i].Name;
            sb.Append(n.Length > 64 ? n[..64] + "…" : n);
        }
        if (_members.Count > max) sb.Append(CultureInfo.InvariantCulture, $", … {_members.Count - max} more");
        return sb.Length == 0 ? "none" : sb.ToString();
    }
}
