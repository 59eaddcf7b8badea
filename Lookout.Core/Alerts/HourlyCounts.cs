using System.Globalization;

namespace Lookout.Core.Alerts;

/// <summary>
/// A digest entity's reports per UTC hour of its day, stored as 24 comma-separated numbers (property
/// <c>Hours</c>): what the spike rule reads instead of report rows. A group's reports count in the hour of its
/// last report (a group lasts milliseconds, so at most a few reports land one hour late).
/// </summary>
public static class HourlyCounts
{
    public static long[] Parse(string? text)
    {
        var hours = new long[24];
        if (string.IsNullOrEmpty(text))
            return hours;
        var parts = text.Split(',');
        for (var h = 0; h < Math.Min(24, parts.Length); h++)
            hours[h] = long.TryParse(parts[h], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        return hours;
    }

    public static string Format(long[] hours) => string.Join(',', hours.Select(n => n.ToString(CultureInfo.InvariantCulture)));

    public static string Add(string? text, int hour, long count)
    {
        var hours = Parse(text);
        hours[hour] += count;
        return Format(hours);
    }
}
