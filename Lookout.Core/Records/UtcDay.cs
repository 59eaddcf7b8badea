using System.Globalization;

namespace Lookout.Core.Records;

/// <summary>
/// A UTC calendar day, the unit of partitioning: report PartitionKeys end with it, digest PartitionKeys are it,
/// and retention deletes by it. Written <c>yyyy-MM-dd</c> everywhere (keys, the read API, the dashboard's URLs),
/// so it sorts as text in day order.
/// </summary>
public readonly record struct UtcDay(DateOnly Date) : IComparable<UtcDay>
{
    /// <summary>The day's written form; the only place it is spelled.</summary>
    public const string Format = "yyyy-MM-dd";

    public static UtcDay Of(DateTimeOffset time) => new(DateOnly.FromDateTime(time.UtcDateTime));

    public static UtcDay Today(TimeProvider time) => Of(time.GetUtcNow());

    public static bool TryParse(string? text, out UtcDay day)
    {
        var ok = DateOnly.TryParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date);
        day = new UtcDay(date);
        return ok;
    }

    public static UtcDay Parse(string text) =>
        TryParse(text, out var day) ? day : throw new FormatException($"\"{text}\" is not a day ({Format}).");

    public UtcDay AddDays(int days) => new(Date.AddDays(days));

    /// <summary>Midnight UTC at the start of the day.</summary>
    public DateTimeOffset Start => new(Date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    public int CompareTo(UtcDay other) => Date.CompareTo(other.Date);

    public static bool operator <(UtcDay a, UtcDay b) => a.Date < b.Date;
    public static bool operator >(UtcDay a, UtcDay b) => a.Date > b.Date;
    public static bool operator <=(UtcDay a, UtcDay b) => a.Date <= b.Date;
    public static bool operator >=(UtcDay a, UtcDay b) => a.Date >= b.Date;

    public override string ToString() => Date.ToString(Format, CultureInfo.InvariantCulture);
}
