using System.Text.Json;
using Lookout.Core.Alerts;

namespace Lookout.Tests.Alerts;

public class AlertPayloadsTests
{
    private static readonly Alert Sample = new(AlertRules.Spike, AlertKeys.Of("spike", "x"), "Title <b>&</b>", "120 in the last hour",
        "https://lookout.example/api/dashboard#/issue?day=2026-12-06&id=csp-violation_abc", "csp-violation", "abc", "shop", 120, 120,
        new DateTimeOffset(2026, 12, 6, 10, 0, 0, TimeSpan.Zero));

    private static JsonElement Payload(AlertFormat format) => JsonDocument.Parse(AlertPayloads.Build(Sample, format)).RootElement;

    [Fact]
    public void Slack_escapes_its_control_characters_and_links_the_title()
    {
        var text = Payload(AlertFormat.Slack).GetProperty("blocks")[0].GetProperty("text").GetProperty("text").GetString()!;
        Assert.Contains($"<{Sample.Link}|Title &lt;b&gt;&amp;&lt;/b&gt;>", text);
        Assert.StartsWith("*Spike* · csp-violation", text);
    }

    [Fact]
    public void Teams_is_a_message_with_one_adaptive_card_not_a_connector_message_card()
    {
        var payload = Payload(AlertFormat.Teams);
        Assert.False(payload.TryGetProperty("@type", out _)); // MessageCard, which Workflows do not take
        var card = payload.GetProperty("attachments")[0].GetProperty("content");
        Assert.Equal("AdaptiveCard", card.GetProperty("type").GetString());
        Assert.Equal("Title <b>&</b>", card.GetProperty("body")[1].GetProperty("text").GetString());
    }

    [Fact]
    public void Json_carries_the_idempotency_key_and_every_field()
    {
        var json = Payload(AlertFormat.Json);
        Assert.Equal(Sample.Key, json.GetProperty("idempotencyKey").GetString());
        Assert.Equal(32, Sample.Key.Length);
        Assert.Equal("2026-12-06T10:00:00Z", json.GetProperty("at").GetString());
        Assert.Equal(["shop"], json.GetProperty("sites").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public void Keys_depend_on_every_part_and_only_on_them() =>
        Assert.Equal(AlertKeys.Of("a", "b"), AlertKeys.Of("a", "b"));

    [Theory]
    [InlineData("", "", 0, true)]
    [InlineData("csp-violation", "", 0, true)]
    [InlineData("network-error", "", 0, false)]
    [InlineData("", "shop,blog", 0, true)]
    [InlineData("", "blog", 0, false)]
    [InlineData("", "", 121, false)]
    public void Target_filters_types_sites_and_reach(string types, string sites, long minReach, bool wanted)
    {
        var target = new AlertTarget(0, new Uri("https://hooks.example/x"), AlertFormat.Json,
            types.Split(',', StringSplitOptions.RemoveEmptyEntries), sites.Split(',', StringSplitOptions.RemoveEmptyEntries), minReach);
        Assert.Equal(wanted, target.Wants(Sample));
        // A summary stands for alerts the target wanted already.
        Assert.True(target.Wants(Sample with { Rule = AlertRules.Summary }));
        Assert.DoesNotContain("hooks.example", target.ToString());
    }
}

public class RateRulesTests
{
    [Theory]
    [InlineData(50, 0, true)]       // the minimum, from nothing
    [InlineData(49, 0, false)]      // under the minimum
    [InlineData(100, 3360, true)]   // 20/h trailing: 5 x 20 = 100
    [InlineData(99, 3360, false)]
    public void Spike_needs_k_times_the_trailing_hourly_rate_and_the_minimum(long lastHour, long previousSevenDays, bool spike) =>
        Assert.Equal(spike, new SpikeRule(SpikeRule.DefaultFactor, SpikeRule.DefaultMinimum).IsSpike(lastHour, previousSevenDays));

    [Fact]
    public void Last_hour_takes_the_share_of_the_previous_hour_still_inside_it() =>
        Assert.Equal(10 + 30, SpikeRule.LastHour(10, 60, new DateTimeOffset(2026, 12, 6, 10, 30, 0, TimeSpan.Zero)));

    [Fact]
    public void Silence_needs_every_day_and_the_hours()
    {
        var now = new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
        var rule = new SilenceRule(6);
        Assert.True(rule.IsSilent(true, now.AddHours(-6), now));
        Assert.False(rule.IsSilent(true, now.AddHours(-5.9), now));
        Assert.False(rule.IsSilent(false, now.AddHours(-30), now));
    }

    [Fact]
    public void Escalation_is_k_times_the_count_when_ignored_at_least_k()
    {
        var rule = new EscalationRule(2);
        Assert.True(rule.IsEscalating(4, 8));
        Assert.False(rule.IsEscalating(4, 7));
        Assert.True(rule.IsEscalating(0, 2));
    }

    [Fact]
    public void Backoff_doubles_up_to_the_cap()
    {
        var delays = Enumerable.Range(1, 6).Select(a => Backoff.Delay(a, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(4)).TotalSeconds);
        Assert.Equal([30, 60, 120, 240, 240, 240], delays);
    }

    [Fact]
    public void Throttle_windows_are_fixed_from_the_epoch() =>
        Assert.Equal(new DateTimeOffset(2026, 12, 6, 10, 0, 0, TimeSpan.Zero),
            ThrottleWindow.StartOf(new DateTimeOffset(2026, 12, 6, 10, 59, 59, TimeSpan.Zero), TimeSpan.FromHours(1)));
}
