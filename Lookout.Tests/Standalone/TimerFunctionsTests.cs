using Lookout.Functions.Retention;
using Lookout.Standalone;

namespace Lookout.Tests.Hosting;

/// <summary>The standalone host finds the timer functions and their schedules where the Worker SDK does.</summary>
public class TimerFunctionsTests
{
    [Fact]
    public void Retention_runs_daily_at_03_30_utc_standalone()
    {
        var retention = Assert.Single(TimerFunctions.Discover(), f => f.Name == RetentionFunction.Name);
        Assert.Equal("0 30 3 * * *", retention.Schedule);
        Assert.False(retention.RunOnStartup);
        var before = new DateTime(2026, 11, 22, 3, 29, 59, DateTimeKind.Utc);
        Assert.Equal(new DateTime(2026, 11, 22, 3, 30, 0, DateTimeKind.Utc), retention.NextAfter(before));
        Assert.Equal(new DateTime(2026, 11, 23, 3, 30, 0, DateTimeKind.Utc), retention.NextAfter(before.AddSeconds(1)));
        Assert.Equal(DateTimeKind.Utc, retention.NextAfter(before).Kind);
    }

    [Fact]
    public void Rate_alerts_run_every_five_minutes_standalone()
    {
        Assert.Equal(["RateAlerts", RetentionFunction.Name], TimerFunctions.Discover().Select(f => f.Name).Order());
        var rates = Assert.Single(TimerFunctions.Discover(), f => f.Name == "RateAlerts");
        Assert.Equal(new DateTime(2026, 11, 22, 3, 35, 0, DateTimeKind.Utc), rates.NextAfter(new DateTime(2026, 11, 22, 3, 30, 0, DateTimeKind.Utc)));
    }
}
