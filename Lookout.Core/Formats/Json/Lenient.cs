using System.Globalization;
using System.Text.Json;

namespace Lookout.Core.Formats.Json;

/// <summary>
/// Lenient scalar reading, as the best collectors do: numbers sent as strings are numbers; nonsense
/// (<c>"blah"</c>, negative counts, null, objects, fractions where an integer is meant) is absent.
/// </summary>
internal static class Lenient
{
    public static long? Int64(JsonMember m)
    {
        if (m.Kind is not (JsonTokenType.Number or JsonTokenType.String) || m.Text is null)
            return null;
        var text = m.Text.AsSpan().Trim();
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
            return l >= 0 ? l : null;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            && d >= 0 && d <= long.MaxValue && Math.Floor(d) == d)
            return (long)d;
        return null;
    }

    public static double? Double(JsonMember m)
    {
        if (m.Kind is not (JsonTokenType.Number or JsonTokenType.String) || m.Text is null)
            return null;
        return double.TryParse(m.Text.AsSpan().Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            && double.IsFinite(d) ? d : null;
    }

    public static bool? Boolean(JsonMember m) => m.Kind switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        JsonTokenType.String when string.Equals(m.Text?.Trim(), "true", StringComparison.OrdinalIgnoreCase) => true,
        JsonTokenType.String when string.Equals(m.Text?.Trim(), "false", StringComparison.OrdinalIgnoreCase) => false,
        JsonTokenType.Number when m.Text == "1" => true,
        JsonTokenType.Number when m.Text == "0" => false,
        _ => null,
    };

    public static DateTimeOffset? DateTime(JsonMember m)
    {
        if (m.Kind != JsonTokenType.String || string.IsNullOrWhiteSpace(m.Text))
            return null;
        return DateTimeOffset.TryParse(m.Text.Trim(), CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var d) ? d : null;
    }
}
