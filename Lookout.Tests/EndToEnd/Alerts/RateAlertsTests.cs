using System.Globalization;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Lookout.Core.Alerts;
using Lookout.Functions.Alerts;
using Lookout.Functions.Hosting;
using Lookout.Functions.Storage;
using Lookout.Functions.Triage;
using Lookout.Core.Triage;
using Lookout.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Lookout.Tests.Alerts;

/// <summary>
/// Spike and silence on simulated time: the test writes digest entities of today and the 7 days before into
/// Azurite, runs the rules at a chosen moment through the app's own services, and delivers what they queued
/// to a loopback webhook over real HTTP. Each event fires once, however often the timer runs.
/// </summary>
public sealed class RateAlertsTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 14, 30, 0, TimeSpan.Zero);
    private readonly string _id = Guid.NewGuid().ToString("N")[..10];
    private readonly FakeTimeProvider _time = new(Now);
    private WebhookReceiver _receiver = null!;
    private ServiceProvider _services = null!;
    private TableClient _digest = null!;

    public async Task InitializeAsync()
    {
        var azurite = await AzuriteServer.Shared;
        _receiver = await WebhookReceiver.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Lookout:IssuesTableName"] = $"issues{_id}",
            ["Lookout:AlertsTableName"] = $"alerts{_id}",
            ["Lookout:TriageTableName"] = $"triage{_id}",
            ["Lookout:Alerts:QueueName"] = $"alerts-{_id}",
            ["Lookout:Alerts:DashboardUrl"] = "https://lookout.example/api/dashboard",
            ["Lookout:Alerts:Targets:0:Url"] = _receiver.Url("/json").ToString(),
            ["Lookout:Alerts:Targets:0:Format"] = "json",
            ["Lookout:Alerts:Targets:1:Url"] = _receiver.Url("/teams").ToString(),
            ["Lookout:Alerts:Targets:1:Format"] = "teams",
        }).Build();
        var services = new ServiceCollection().AddLookout(configuration);
        services.AddSingleton<TimeProvider>(_time);
        _services = services.BuildServiceProvider();
        var storage = _services.GetRequiredService<StorageClients>();
        await storage.CreateResourcesAsync(CancellationToken.None);
        _digest = storage.Issues;
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task Issue_and_site_spikes_fire_once_each_at_k_times_the_trailing_rate_and_the_minimum()
    {
        // Trailing rate of "hot": 24 a day = 1 an hour. Today: 40 in 13:00-14:00, 45 since 14:00 → 45 + 20 = 65 ≥ max(5 x 1, 50).
        // "warm" has 20 an hour for a week: 65 in the last hour is under 5 x 20. "quiet": 30 from nothing, under the minimum 50.
        for (var back = 1; back <= 7; back++)
        {
            await IssueAsync(back, "hot", "shop", 24, Hours(spread: 1));
            await IssueAsync(back, "warm", "blog", 480, Hours(spread: 20));
            await IssueAsync(back, "hushed", "shop", 24, Hours(spread: 1));
            await IssueAsync(back, "muffled", "forum", 24, Hours(spread: 1));
            await IssueAsync(back, "extension", "wiki", 24, Hours(spread: 1), noise: "extension");
        }
        await IssueAsync(0, "hot", "shop", 85, Hours((13, 40), (14, 45)));
        // As hot as "hot" on the same site, but muted: no issue spike for it (the site still spikes, once).
        await IssueAsync(0, "hushed", "shop", 85, Hours((13, 40), (14, 45)));
        await _services.GetRequiredService<TriageStore>().SetAsync("csp-violation", "hushed", IssueState.Muted, 0, CancellationToken.None);
        // The only spiking issue of "forum" is muted, that of "wiki" is noise: neither site spikes.
        await IssueAsync(0, "muffled", "forum", 85, Hours((13, 40), (14, 45)));
        await _services.GetRequiredService<TriageStore>().SetAsync("csp-violation", "muffled", IssueState.Muted, 0, CancellationToken.None);
        await IssueAsync(0, "extension", "wiki", 85, Hours((13, 40), (14, 45)), noise: "extension");
        await IssueAsync(0, "warm", "blog", 85, Hours((13, 40), (14, 45)));
        await IssueAsync(0, "quiet", "docs", 30, Hours((14, 30)));

        var raised = await RunTwiceAsync();
        var issueSpike = Assert.Single(raised, a => a is { Rule: AlertRules.Spike, Fingerprint: "hot" });
        Assert.Equal(65, issueSpike.Count);
        Assert.Equal("https://lookout.example/api/dashboard#/issue?day=2026-03-10&id=csp-violation_hot", issueSpike.Link);
        // The site "shop" has only the hot issue: it spikes as a site too. "blog" and "docs" do not.
        var siteSpike = Assert.Single(raised, a => a is { Rule: AlertRules.Spike, Type: null });
        Assert.Equal("shop", siteSpike.Site);
        Assert.Equal("https://lookout.example/api/dashboard#/issues?site=shop", siteSpike.Link);
        Assert.DoesNotContain(raised, a => a.Fingerprint is "warm" or "quiet" or "hushed" or "muffled" or "extension" || a.Site is "blog" or "docs" or "forum" or "wiki");

        await DeliverQueuedAsync();
        var json = _receiver.Delivered("/json");
        Assert.Equal(2, json.Count(r => r.Rule == AlertRules.Spike));
        var posted = Assert.Single(json, r => r.Key == issueSpike.Key).Body;
        Assert.Equal("spike", posted.GetProperty("rule").GetString());
        Assert.Equal(65, posted.GetProperty("count").GetInt64());
        Assert.Contains("65 reports in the last hour, 1 an hour", posted.GetProperty("detail").GetString());
        Assert.Equal("Spike", Assert.Single(_receiver.Delivered("/teams"), r => r.Key == issueSpike.Key)
            .Body.GetProperty("attachments")[0].GetProperty("content").GetProperty("body")[0].GetProperty("text").GetString());

        // The next hour is a new event if the spike goes on.
        _time.Advance(TimeSpan.FromHours(1));
        await IssueAsync(0, "hot", "shop", 185, Hours((13, 40), (14, 45), (15, 100)));
        Assert.Contains(await RunTwiceAsync(), a => a is { Rule: AlertRules.Spike, Fingerprint: "hot" });
    }

    [Fact]
    public async Task A_site_that_reported_every_day_and_went_quiet_for_six_hours_fires_one_silence()
    {
        for (var back = 1; back <= 7; back++)
        {
            await IssueAsync(back, "a", "steady", 10, Hours(spread: 0), lastSeen: Now.AddDays(-back));
            await IssueAsync(back, "b", "fresh", 10, Hours(spread: 0), lastSeen: Now.AddDays(-back));
            if (back != 4)
                await IssueAsync(back, "c", "gappy", 10, Hours(spread: 0), lastSeen: Now.AddDays(-back));
        }
        await IssueAsync(0, "a", "steady", 3, Hours((8, 3)), lastSeen: Now.AddHours(-6.5)); // quiet since 08:00
        await IssueAsync(0, "b", "fresh", 3, Hours((14, 3)), lastSeen: Now.AddHours(-1));
        // "gappy" missed a day: never silent, whatever its hours.

        var raised = await RunTwiceAsync();
        var silence = Assert.Single(raised, a => a.Rule == AlertRules.Silence);
        Assert.Equal("steady", silence.Site);
        Assert.Equal("https://lookout.example/api/dashboard#/issues?site=steady", silence.Link);
        Assert.Equal("No reports from steady for 6 hours", silence.Title);

        await DeliverQueuedAsync();
        var posted = Assert.Single(_receiver.Delivered("/json"), r => r.Rule == AlertRules.Silence).Body;
        Assert.Equal(silence.Key, posted.GetProperty("idempotencyKey").GetString());
        Assert.Equal(JsonValueKindNull, posted.GetProperty("type").ValueKind);

        // An hour later it is still the same silence (same last report): nothing new.
        _time.Advance(TimeSpan.FromHours(1));
        Assert.DoesNotContain(await RunTwiceAsync(), a => a.Rule == AlertRules.Silence);
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;

    /// <summary>Runs the timer's work twice at the same moment: the second run raises nothing new.</summary>
    private async Task<IReadOnlyList<Alert>> RunTwiceAsync()
    {
        var rules = _services.GetRequiredService<RateAlerts>();
        var first = await rules.RunAsync(CancellationToken.None);
        Assert.Empty(await rules.RunAsync(CancellationToken.None));
        return first;
    }

    /// <summary>Delivers every queued alert through the app's DeliverAlert code, to the loopback receiver.</summary>
    private async Task DeliverQueuedAsync()
    {
        var storage = _services.GetRequiredService<StorageClients>();
        var delivery = _services.GetRequiredService<AlertDelivery>();
        while (true)
        {
            var messages = (await storage.AlertsQueue.ReceiveMessagesAsync(32)).Value;
            if (messages.Length == 0)
                return;
            foreach (var message in messages)
            {
                await delivery.DeliverAsync(message.Body.ToMemory(), CancellationToken.None);
                await storage.AlertsQueue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            }
        }
    }

    private static string Hours(params (int Hour, long Count)[] counts)
    {
        var hours = new long[24];
        foreach (var (hour, count) in counts)
            hours[hour] = count;
        return HourlyCounts.Format(hours);
    }

    private static string Hours(long spread) => HourlyCounts.Format(Enumerable.Repeat(spread, 24).ToArray());

    /// <summary>A digest entity as the write path stores it, <paramref name="back"/> days before today.</summary>
    private async Task IssueAsync(int back, string fingerprint, string site, long count, string hours, DateTimeOffset? lastSeen = null, string? noise = null)
    {
        var day = Now.AddDays(-back).UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await _digest.UpsertEntityAsync(new TableEntity(day, "csp-violation_" + fingerprint)
        {
            [DigestColumns.Noise] = noise,
            [DigestColumns.Type] = "csp-violation",
            [DigestColumns.Fingerprint] = fingerprint,
            [DigestColumns.Title] = "script-src-elem blocked " + fingerprint,
            [DigestColumns.Count] = count,
            [DigestColumns.FirstSeen] = Now.AddDays(-back).AddHours(-10),
            [DigestColumns.LastSeen] = lastSeen ?? (back == 0 ? Now : Now.AddDays(-back)),
            [DigestColumns.Sites] = site,
            [DigestColumns.Hours] = hours,
        }, TableUpdateMode.Replace);
    }
}
