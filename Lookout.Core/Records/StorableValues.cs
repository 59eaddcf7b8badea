using System.Buffers;

namespace Lookout.Core.Records;

/// <summary>
/// What Table Storage refuses in a value, and the stand-in Lookout writes instead. A refused value
/// fails the whole batch, and with it every report of the delivery, so nothing unstorable leaves
/// <see cref="ReportRecordBuilder"/>.
/// </summary>
public static class StorableValues
{
    /// <summary>Earliest DateTime the service stores.</summary>
    public static readonly DateTimeOffset MinDateTime = new(1601, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // NUL and both surrogate halves: the only characters that need a closer look.
    private static readonly SearchValues<char> Suspect = SearchValues.Create("\0" + SurrogateRange());

    /// <summary>
    /// The text with NUL and unpaired surrogates replaced by U+FFFD (the service rejects both);
    /// the same instance when there is nothing to replace, which is almost always.
    /// </summary>
    public static string Text(string value)
    {
        var first = value.AsSpan().IndexOfAny(Suspect);
        if (first < 0 || !NeedsReplacing(value.AsSpan(first)))
            return value;
        return string.Create(value.Length, value, static (chars, source) =>
        {
            source.AsSpan().CopyTo(chars);
            chars.Replace('\0', '\uFFFD');
            Formats.Json.JsonStrings.ReplaceLoneSurrogates(chars);
        });
    }

    public static bool IsStorable(string value) => value.Length <= ReportRecordBuilder.MaxStringLength
        && ReferenceEquals(Text(value), value);

    public static bool IsStorable(DateTimeOffset value) => value >= MinDateTime;

    /// <summary>Property names are C# identifiers of at most 255 characters; Lookout's are ASCII PascalCase.</summary>
    public static bool IsPropertyName(string name)
    {
        if (name.Length is 0 or > 255 || !char.IsAsciiLetter(name[0]))
            return false;
        foreach (var c in name)
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
                return false;
        return true;
    }

    /// <summary>A name as it may appear inside <c>TruncatedFields</c>: storable and short.</summary>
    internal static string Describe(string name)
    {
        var text = Text(name);
        return text.Length <= 100 ? text : string.Concat(text.AsSpan(0, char.IsHighSurrogate(text[99]) ? 99 : 100), "…");
    }

    private static bool NeedsReplacing(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0')
                return true;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                i++;
            else if (char.IsSurrogate(c))
                return true;
        }
        return false;
    }

    private static string SurrogateRange()
    {
        var range = new char[0xE000 - 0xD800];
        for (var i = 0; i < range.Length; i++)
            range[i] = (char)(0xD800 + i);
        return new string(range);
    }
}
