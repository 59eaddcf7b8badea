using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Lookout.Core.Formats.Json;

/// <summary>
/// The members of one JSON object, indexed by position in the UTF-8 source without copying:
/// parsers look up the names they know and read values leniently (numbers sent as strings,
/// nonsense as absent). Only values that are kept become strings. The member index is rented from a
/// pool: dispose the instance when the report is parsed.
/// </summary>
public sealed class JsonMembers : IDisposable
{
    private readonly ReadOnlyMemory<byte> _source;
    private Member[] _members;
    private readonly int _count;

    private readonly record struct Member(int NameStart, int NameLength, bool NameEscaped, JsonTokenType Kind, int ValueStart, int ValueLength, bool ValueEscaped);

    private JsonMembers(ReadOnlyMemory<byte> source, Member[] members, int count)
    {
        _source = source;
        _members = members;
        _count = count;
    }

    public int Count => _count;

    /// <summary>The object's JSON text as sent.</summary>
    public ReadOnlyMemory<byte> Source => _source;

    /// <summary>Indexes an object. The source must be one complete, already validated JSON object.</summary>
    public static JsonMembers Read(ReadOnlyMemory<byte> objectJson)
    {
        var reader = new Utf8JsonReader(objectJson.Span, new JsonReaderOptions { MaxDepth = 256 });
        reader.Read(); // StartObject
        var members = ArrayPool<Member>.Shared.Rent(16);
        var count = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var nameStart = (int)reader.TokenStartIndex + 1;
            var nameLength = reader.ValueSpan.Length;
            var nameEscaped = reader.ValueIsEscaped;
            reader.Read();
            var kind = reader.TokenType;
            int valueStart, valueLength;
            var valueEscaped = false;
            if (kind is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                valueStart = (int)reader.TokenStartIndex;
                reader.Skip();
                valueLength = (int)reader.BytesConsumed - valueStart;
            }
            else
            {
                // Strings: the content between the quotes; other scalars: their text.
                valueStart = (int)reader.TokenStartIndex + (kind == JsonTokenType.String ? 1 : 0);
                valueLength = reader.ValueSpan.Length;
                valueEscaped = reader.ValueIsEscaped;
            }
            if (count == members.Length)
            {
                var larger = ArrayPool<Member>.Shared.Rent(count * 2);
                members.AsSpan(0, count).CopyTo(larger);
                ArrayPool<Member>.Shared.Return(members);
                members = larger;
            }
            members[count++] = new Member(nameStart, nameLength, nameEscaped, kind, valueStart, valueLength, valueEscaped);
        }
        return new JsonMembers(objectJson, members, count);
    }

    /// <summary>Gives the member index back to the pool; the instance must not be used afterwards.</summary>
    public void Dispose()
    {
        var members = _members;
        if (members.Length == 0) return;
        _members = [];
        ArrayPool<Member>.Shared.Return(members);
    }

    /// <summary>The first of the given names that is present (aliases, in order of preference).</summary>
    public int IndexOfAny(JsonNames names)
    {
        foreach (var name in names.Utf8)
        {
            var index = IndexOf(name);
            if (index >= 0) return index;
        }
        return -1;
    }

    public int IndexOf(ReadOnlySpan<byte> name)
    {
        var source = _source.Span;
        var members = _members.AsSpan(0, _count);
        for (var i = 0; i < members.Length; i++)
        {
            ref readonly var member = ref members[i];
            if (!member.NameEscaped)
            {
                // Length and first byte rule out almost every candidate before comparing whole names.
                if (member.NameLength == name.Length && (name.Length == 0 || source[member.NameStart] == name[0])
                    && source.Slice(member.NameStart, member.NameLength).SequenceEqual(name))
                    return i;
            }
            else if (Encoding.UTF8.GetBytes(JsonStrings.Decode(source.Slice(member.NameStart, member.NameLength), escaped: true)).AsSpan().SequenceEqual(name))
            {
                return i;
            }
        }
        return -1;
    }

    public string NameAt(int index)
    {
        var member = _members[index];
        var source = _source.Span;
        return JsonStrings.Decode(source.Slice(member.NameStart, member.NameLength), member.NameEscaped);
    }

    public JsonTokenType KindAt(int index) => _members[index].Kind;

    /// <summary>The value's JSON text as sent (strings with their quotes).</summary>
    public ReadOnlyMemory<byte> RawValueAt(int index)
    {
        var member = _members[index];
        return member.Kind == JsonTokenType.String
            ? _source.Slice(member.ValueStart - 1, member.ValueLength + 2)
            : _source.Slice(member.ValueStart, member.ValueLength);
    }

    public JsonMembers? ObjectAt(int index) =>
        index >= 0 && _members[index].Kind == JsonTokenType.StartObject ? Read(RawValueAt(index)) : null;

    /// <summary>A string value; numbers and booleans as their text; null, objects and arrays as absent.</summary>
    public string? StringAt(int index)
    {
        if (index < 0) return null;
        var member = _members[index];
        var value = _source.Span.Slice(member.ValueStart, member.ValueLength);
        return member.Kind switch
        {
            JsonTokenType.String => JsonStrings.Decode(value, member.ValueEscaped),
            JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False => Encoding.UTF8.GetString(value),
            _ => null,
        };
    }

    /// <summary>A whole number ≥ 0, from a number or a numeric string; anything else (null, "blah", -666, 1.5) is absent.</summary>
    public long? CountAt(int index)
    {
        if (index < 0) return null;
        var member = _members[index];
        if (member.Kind is not (JsonTokenType.Number or JsonTokenType.String) || member.ValueEscaped) return null;
        var text = Trim(_source.Span.Slice(member.ValueStart, member.ValueLength));
        if (Utf8Parser.TryParse(text, out long whole, out var used) && used == text.Length)
            return whole >= 0 ? whole : null;
        if (Utf8Parser.TryParse(text, out double number, out used) && used == text.Length
            && number >= 0 && number <= long.MaxValue && Math.Floor(number) == number)
            return (long)number;
        return null;
    }

    /// <summary>A finite number ≥ 0 from a number or numeric string.</summary>
    public double? FractionAt(int index)
    {
        if (index < 0) return null;
        var member = _members[index];
        if (member.Kind is not (JsonTokenType.Number or JsonTokenType.String) || member.ValueEscaped) return null;
        var text = Trim(_source.Span.Slice(member.ValueStart, member.ValueLength));
        return Utf8Parser.TryParse(text, out double number, out var used) && used == text.Length && double.IsFinite(number) && number >= 0
            ? number
            : null;
    }

    /// <summary>true/false, or the strings "true"/"false" in any case.</summary>
    public bool? BooleanAt(int index)
    {
        if (index < 0) return null;
        var member = _members[index];
        return member.Kind switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            JsonTokenType.String when StringAt(index) is { } text && bool.TryParse(text.Trim(), out var value) => value,
            _ => null,
        };
    }

    /// <summary>A date-time string (RFC 3339 / ISO 8601, or a plain date) as UTC.</summary>
    public DateTimeOffset? DateTimeAt(int index)
    {
        var text = index >= 0 && _members[index].Kind == JsonTokenType.String ? StringAt(index) : null;
        if (text is null) return null;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : null;
    }

    /// <summary>Up to <paramref name="max"/> member names, for messages about unrecognised objects.</summary>
    public string DescribeNames(int max = 8)
    {
        if (_count == 0) return "keys: none";
        var names = new StringBuilder("keys: ");
        for (var i = 0; i < Math.Min(_count, max); i++)
        {
            var name = NameAt(i);
            // Hostile names can be megabytes long; the reason is a message, not a copy.
            names.Append(i == 0 ? "" : ", ").Append(name.Length <= 40 ? name : string.Concat(name.AsSpan(0, 40), "…"));
        }
        if (_count > max) names.Append(", …");
        return names.ToString();
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> text) => text.Trim(" \t\r\n"u8);
}
