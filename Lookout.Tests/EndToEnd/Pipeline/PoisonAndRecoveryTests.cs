using System.Net;
using System.Text;
using Lookout.Tests.Pipeline.Harness;
using static Lookout.Tests.Pipeline.Harness.LookoutPipeline;

namespace Lookout.Tests.Pipeline;

public sealed class FastRetryPipeline : LookoutPipeline
{
    protected override IDictionary<string, string> Settings => new Dictionary<string, string>
    {
        [QueueSetting("maxDequeueCount")] = "3",
        [QueueSetting("visibilityTimeout")] = "00:00:00",
        [QueueSetting("maxPollingInterval")] = "00:00:00.200",
    };
}

public sealed class OutagePipeline : LookoutPipeline
{
    protected override bool PersistentAzurite => true;
    protected override IDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Lookout__RetryAfterSeconds"] = "7",
        [QueueSetting("maxPollingInterval")] = "00:00:00.200",
        [QueueSetting("visibilityTimeout")] = "00:00:01",
    };
}

public class PoisonTests(FastRetryPipeline pipeline) : IClassFixture<FastRetryPipeline>
{
    [Fact]
    public async Task A_message_that_always_fails_ends_whole_in_the_poison_queue()
    {
        var junk = BinaryData.FromString("{\"this\":\"is not a Lookout envelope\"}");
        var sent = (await pipeline.Queue.SendMessageAsync(junk)).Value;

        var poisoned = await Eventually.MatchAsync(async () => (await pipeline.PoisonQueue.PeekMessagesAsync(32)).Value, m => m.Length > 0,
            TimeSpan.FromSeconds(30), "poison message");
        // Kept whole: the same bytes, and (both sides base64) the same stored text.
        Assert.Equal(junk.ToArray(), Assert.Single(poisoned).Body.ToArray());
        await Eventually.MatchAsync(async () => (await pipeline.Queue.PeekMessagesAsync(32)).Value, m => m.Length == 0, what: "raw queue empty");
        Assert.Contains("attempt 3 of 3", pipeline.App.Output);
        Assert.Contains(sent.MessageId, pipeline.App.Output);
    }
}

public class RecoveryTests(OutagePipeline pipeline) : StorageOutageSuite(pipeline), IClassFixture<OutagePipeline>;

/// <summary>Storage stopped under a running host and started again; a subclass names the pipeline (persistent Azurite, Retry-After 7).</summary>
public abstract class StorageOutageSuite(LookoutPipeline pipeline)
{
    [SkippableFact]
    public async Task Ingest_answers_503_while_storage_is_down_and_nothing_acknowledged_is_lost()
    {
        var site = LookoutPipeline.NewSite();
        var body = Fixtures.Published("csp-legacy/nico-4.json");
        var acknowledged = 0;
        for (var i = 0; i < 3; i++)
        {
            using var ok = await pipeline.PostAsync(body, "application/csp-report", site);
            Assert.Equal(HttpStatusCode.NoContent, ok.StatusCode);
            acknowledged++;
        }

        await pipeline.Azurite.StopAsync();
        using (var down = await pipeline.PostAsync(body, "application/csp-report", site))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
            Assert.Equal("7", down.Headers.GetValues("Retry-After").Single());
        }
        using (var health = await pipeline.Http.GetAsync(pipeline.App.HealthUrl))
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);

        await pipeline.Azurite.RestartAsync();
        for (var i = 0; i < 2; i++)
        {
            using var again = await Eventually.MatchAsync(
                () => pipeline.PostAsync(body, "application/csp-report", site), r => r.StatusCode == HttpStatusCode.NoContent,
                TimeSpan.FromSeconds(30), "ingest accepting again");
            acknowledged++;
        }

        var rows = await LandedAsync(site, acknowledged);
        Assert.All(rows, r => Assert.Equal("csp-violation", r.GetString("Type")));
        Assert.Equal(Encoding.UTF8.GetString(body).Trim(), rows[0].GetString("Raw")!.Trim());
    }

    /// <summary>Every acknowledged delivery is a row within a minute (the standalone poller's in-flight messages come back after 30 s).</summary>
    protected virtual async Task<List<Azure.Data.Tables.TableEntity>> LandedAsync(string site, int acknowledged)
    {
        var rows = await pipeline.RowsOfSiteAsync(site, acknowledged, TimeSpan.FromSeconds(60));
        Assert.Equal(acknowledged, rows.Count);
        return rows;
    }
}
