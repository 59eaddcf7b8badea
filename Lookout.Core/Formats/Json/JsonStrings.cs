using System.Buffers;
using System.Text;

namespace Lookout.Core.Formats.Json;

/// <summary>
/// The one way the parser turns JSON string content into text. JSON allows escaped lone surrogates
/// (<c>"\udc00"</c>), which <see cref="System.Text.Json.Utf8JsonReader"/> refuses to unescape; a
/// report must not be lost for one, so they become U+FFFD here. Everything else is decoded exactly
/// (including <c>\u0000</c>: it is valid text; the record builder deals with what storage refuses).
/// Never throws for any input.
/// </summary>
internal static class JsonStrings
{
    /// <param name="content">The bytes between the quotes, escapes included.</param>
    /// <param name="escaped">Whether <paramref name="content"/> holds any backslash escape.</param>
    public static string Decode(ReadOnlySpan<byte> content, bool escaped)
    {
        if (!escaped)
            return Encoding.UTF8.GetString(content);

        // Unescaped text never has more UTF-16 units than the escaped UTF-8 has bytes.
        char[]? rented = null;
        Span<char> chars = content.Length <= 512 ? stackalloc char[512] : (rented = ArrayPool<char>.Shared.Rent(content.Length));
        var length = 0;
        while (!content.IsEmpty)
        {
            var backslash = content.IndexOf((byte)'\\');
            var run = backslash < 0 ? content : content[..backslash];
            length += Encoding.UTF8.GetChars(run, chars[length..]);
            if (backslash < 0)
                break;
            content = content[(backslash + 1)..];
            chars[length++] = Unescape(ref content);
        }
        ReplaceLoneSurrogates(chars[..length]);
        var text = new string(chars[..length]);
        if (rented is not null)
            ArrayPool<char>.Shared.Return(rented);
        return text;
    }

    /// <summary>Reads one escape after its backslash; anything malformed is U+FFFD (the scanner already refused such JSON).</summary>
    private static char Unescape(ref ReadOnlySpan<byte> content)
    {
        if (content.IsEmpty)
            return '\uFFFD';
        var letter = content[0];
        content = content[1..];
        switch (letter)
        {
            case (byte)'"': return '"';
            case (byte)'\\': return '\\';
            case (byte)'/': return '/';
            case (byte)'b': return '\b';
            case (byte)'f': return '\f';
            case (byte)'n': return '\n';
            case (byte)'r': return '\r';
            case (byte)'t': return '\t';
            case (byte)'u':
                var code = 0;
                var digits = Math.Min(4, content.Length);
                for (var i = 0; i < digits; i++)
                {
                    var digit = HexValue(content[i]);
                    if (digit < 0)
                    {
                        content = content[i..];
                        return '\uFFFD';
                    }
                    code = code * 16 + digit;
                }
                content = content[digits..];
                return digits == 4 ? (char)code : '\uFFFD';
            default:
                return '\uFFFD';
        }
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

    /// <summary>Keeps surrogate pairs, replaces unpaired halves with U+FFFD.</summary>
    public static void ReplaceLoneSurrogates(Span<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (!char.IsSurrogate(text[i]))
                continue;
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                i++;
            else
                text[i] = '\uFFFD';
        }
    }
}
