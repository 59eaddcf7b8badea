using System.Buffers;
using System.Net;
using System.Text;
using Azure.Data.Tables;
using Lookout.Core.Envelopes;
using Lookout.Functions.Storage;
using Lookout.Tests.Pipeline.Harness;
using static Lookout.Tests.Pipeline.Harness.LookoutPipeline;

namespace Lookout.Tests.Read;

/// <summary>The digest's day split into 4 shards (<c>Lookout__DigestShards</c>), redeliveries on.</summary>
public sealed class ShardedPipeline : ReadPipeline
{
    protected override IDictionary<string, string> Settings => new Dictionary<string, string>(base.Settings)
    {
        ["Lookout__DigestShards"] = "4",
        [QueueSetting("visibilityTimeout")] = "00:00:00",
    };
}

/// <summary>Issue 23: a sharded digest day still counts each message once, and reads merge its shards like days.</summary>
public class ShardedDigestTests(ShardedPipeline pipeline) : IClassFixture<ShardedPipeline>
{
    private static string Csp(string run, int issue, int n) =>
        $"{{\"csp-report\":{{\"document-uri\":\"https://shard.example/{run}/{n}\",\"violated-directive\":\"img-src\",\"blocked-uri\":\"https://cdn{issue}.{run}.example/x.png\"}}}}";

    [Fact]
    public async Task Concurrent_deliveries_and_a_message_put_three_times_count_once_across_shards_and_read_as_one_issue_each()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var site = NewSite();
        var next = 0;
        var acknowledged = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            var ok = 0;
            for (var i = 0; i < 30; i++)
            {
                var n = Interlocked.Increment(ref next);
                using var response = await pipeline.PostAsync(Encoding.UTF8.GetBytes(Csp(run, n % 3, n)), "application/csp-report", site);
                ok += response.StatusCode == HttpStatusCode.NoContent ? 1 : 0;
            }
            return ok;
        }));
        Assert.Equal(240, acknowledged.Sum());
        // One message of 5 deliveries made for 4 shards, put three times (an enqueue retried after it had succeeded).
        var envelopes = Enumerable.Range(1000, 5).Select(n =>
        {
            var buffer = new ArrayBufferWriter<byte>();
            EnvelopeCodec.Write(buffer, new Envelope { Id = Envelope.NewId(), ReceivedAt = DateTimeOffset.UtcNow, ContentType = "application/csp-report", Site = site },
                Encoding.UTF8.GetBytes(Csp(run, n % 3, n)));
            return (ReadOnlyMemory<byte>)buffer.WrittenSpan.ToArray();
        }).ToList();
        var message = MessageCodec.Write(envelopes, shards: 4);
        for (var copy = 0; copy < 3; copy++)
            await pipeline.Queue.SendMessageAsync(new BinaryData(message));

        Assert.Equal(245, (await pipeline.RowsOfSiteAsync(site, 245, TimeSpan.FromSeconds(120))).Count);
        await Eventually.MatchAsync(async () => (await pipeline.Queue.GetPropertiesAsync()).Value.ApproximateMessagesCount, n => n == 0,
            TimeSpan.FromSeconds(120), "queue drained");
        var entities = new List<TableEntity>();
        await foreach (var e in pipeline.Issues.QueryAsync<TableEntity>(DigestPartition.OfDay(ReadPipeline.Today) + " and " + DigestColumns.IssuesOnly))
            if (e.GetString("Sites") == site)
                entities.Add(e);
        Assert.Contains(entities, e => e.PartitionKey.StartsWith(ReadPipeline.Today + "_", StringComparison.Ordinal));
        Assert.Equal(245, entities.Sum(e => e.GetInt64(DigestColumns.Count)));

        var issues = (await pipeline.AllPagesAsync($"read/issues?site={site}&from={ReadPipeline.Today}&to={ReadPipeline.Today}")).SelectMany(p => p).ToList();
        Assert.Equal(3, issues.Count);
        Assert.Equal(245, issues.Sum(i => i.GetProperty("count").GetInt64()));
        Assert.All(issues, i => Assert.Equal(ReadPipeline.Today, i.GetProperty("day").GetString()));
        Assert.All(issues, i => Assert.Equal(1, i.GetProperty("daysSeen").GetInt32()));
    }
}
