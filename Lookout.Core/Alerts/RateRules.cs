namespace Lookout.Core.Alerts;

/// <summary>
/// Spike: the last hour's count is at least <paramref name="Factor"/> times the trailing 7-day hourly rate
/// (the 7 previous days' total over 168 hours) and at least <paramref name="Minimum"/> reports, so a quiet
/// issue going from 0 to 3 is not a spike.
/// </summary>
public readonly record struct SpikeRule(double Factor, long Minimum)
{
    public const double DefaultFactor = 5;
    public const long DefaultMinimum = 50;

    public double Baseline(long previousSevenDays) => previousSevenDays / (7.0 * 24);

    public bool IsSpike(long lastHour, long previousSevenDays) =>
        lastHour >= Minimum && lastHour >= Factor * Baseline(previousSevenDays);

    /// <summary>
    /// The last 60 minutes from hourly buckets: the current hour so far plus the share of the previous hour
    /// that is still inside the window (reports are assumed even within an hour).
    /// </summary>
    public static long LastHour(long currentHour, long previousHour, DateTimeOffset now)
    {
        var elapsed = now.UtcDateTime.Minute / 60.0 + now.UtcDateTime.Second / 3600.0;
        return currentHour + (long)Math.Round(previousHour * (1 - elapsed));
    }
}

/// <summary>Silence: a site that reported on each of the last <see cref="Days"/> days has sent nothing for <paramref name="Hours"/> hours.</summary>
public readonly record struct SilenceRule(double Hours)
{
    public const double DefaultHours = 6;
    public const int Days = 7;

    public bool IsSilent(bool reportedEachDay, DateTimeOffset lastSeen, DateTimeOffset now) =>
        reportedEachDay && now - lastSeen >= TimeSpan.FromHours(Hours);
}

/// <summary>Ignored until escalating: back to open once a day's count reaches <paramref name="Factor"/> × the count of the day it was ignored.</summary>
public readonly record struct EscalationRule(double Factor)
{
    public const double DefaultFactor = 2;

    public bool IsEscalating(long countWhenIgnored, long dayCount) => dayCount >= Factor * Math.Max(1, countWhenIgnored);
}

/// <summary>Fixed throttle windows: every target may send a number of alerts per window, then one summary.</summary>
public static class ThrottleWindow
{
    public static DateTimeOffset StartOf(DateTimeOffset now, TimeSpan length)
    {
        var ticks = now.UtcTicks - now.UtcTicks % length.Ticks;
        return new DateTimeOffset(ticks, TimeSpan.Zero);
    }
}

/// <summary>Delay before retry number <paramref name="attempt"/> (1: the first retry): doubling from the base up to the cap.</summary>
public static class Backoff
{
    public static TimeSpan Delay(int attempt, TimeSpan first, TimeSpan max)
    {
        var factor = Math.Pow(2, Math.Clamp(attempt - 1, 0, 30));
        return TimeSpan.FromTicks((long)Math.Min(first.Ticks * factor, max.Ticks));
    }
}
