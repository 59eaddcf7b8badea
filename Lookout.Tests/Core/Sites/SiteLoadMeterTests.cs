using Lookout.Core.Sites;

namespace Lookout.Tests.Sites;

public class SiteLoadMeterTests
{
    private static readonly DateTimeOffset MinuteStart = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
    private static readonly SitePolicy Budgeted = new("shop", [], 100);

    [Fact]
    public void Within_the_budget_every_report_is_kept_and_beyond_it_the_share_is_budget_over_load()
    {
        var meter = new SiteLoadMeter();
        Assert.Equal(Sampling.AllPpm, meter.Admit(Budgeted, 60, MinuteStart));
        Assert.Equal(Sampling.AllPpm, meter.Admit(Budgeted, 40, MinuteStart.AddSeconds(30)));
        Assert.Equal(500_000, meter.Admit(Budgeted, 100, MinuteStart.AddSeconds(40)));   // 200 this minute
        Assert.Equal(250_000, meter.Admit(Budgeted, 200, MinuteStart.AddSeconds(59)));   // 400
    }

    [Fact]
    public void A_flood_is_sampled_from_the_next_minutes_first_delivery_by_the_previous_minutes_load()
    {
        var meter = new SiteLoadMeter();
        meter.Admit(Budgeted, 10_000, MinuteStart);
        Assert.Equal(10_000, meter.Admit(Budgeted, 1, MinuteStart.AddMinutes(1)));       // 100 / 10,000
        // A quiet minute in between forgets the flood.
        Assert.Equal(Sampling.AllPpm, meter.Admit(Budgeted, 1, MinuteStart.AddMinutes(3)));
    }

    [Fact]
    public void Sites_without_a_budget_are_not_counted_and_each_budgeted_entry_has_its_own_minute()
    {
        var meter = new SiteLoadMeter();
        Assert.Equal(Sampling.AllPpm, meter.Admit(SitePolicy.Open, 1_000_000, MinuteStart));
        Assert.Equal(Sampling.AllPpm, meter.Admit(new SitePolicy("blog", [], 100), 100, MinuteStart));
        Assert.Equal(Sampling.AllPpm, meter.Admit(Budgeted, 100, MinuteStart));
        Assert.Equal(1, SiteLoadMeter.KeepPpm(1, 10_000_000));
    }
}
