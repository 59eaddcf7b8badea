using System.Buffers;
using System.Net;
using System.Text;
using Azure.Data.Tables;
using Lookout.Core.Envelopes;
using Lookout.Functions.Storage;
using Lookout.Tests.Pipeline.Harness;
using static Lookout.Tests.Pipeline.Harness.LookoutPipeline;

namespace Lookout.Tests.Pipeline;

/// <summary>Row cap off (one row per report) and a short visibility timeout, so redeliveries happen.</summary>
public sealed class EveryRowPipeline : LookoutPipeline
{
    protected override IDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Lookout__MaxRowsPerIssuePerDay"] = "0",
        [QueueSetting("maxPollingInterval")] = "00:00:00.200",
        [QueueSetting("visibilityTimeout")] = "00:00:00",
    };
}

/// <summary>Issue 29 item 1: digest counts equal rows, whatever is processed twice.</summary>
public class ExactCountTests(EveryRowPipeline pipeline) : IClassFixture<EveryRowPipeline>
{
    private static string Csp(string run, int issue, int n) =>
        $"{{\"csp-report\":{{\"document-uri\":\"https://exact.example/{run}/{issue}?n={n}\",\"violated-directive\":\"img-src\",\"blocked-uri\":\"https://cdn{issue}.{run}.example/x.png\"}}}}";

    private static byte[] Envelope(string site, string body)
    {
        var buffer = new ArrayBufferWriter<byte>();
        EnvelopeCodec.Write(buffer, new Envelope
        {
            Id = Lookout.Core.Envelopes.Envelope.NewId(),
            ReceivedAt = DateTimeOffset.UtcNow,
            ContentType = "application/csp-report",
            Site = site,
        }, Encoding.UTF8.GetBytes(body));
        return buffer.WrittenSpan.ToArray();
    }

    private async Task<(long Counted, int Rows)> CountsAndRowsAsync(string run, string site, int expected)
    {
        var rows = await pipeline.RowsOfSiteAsync(site, expected, TimeSpan.FromSeconds(120));
        await Eventually.MatchAsync(async () => (await pipeline.Queue.GetPropertiesAsync()).Value.ApproximateMessagesCount, n => n == 0,
            TimeSpan.FromSeconds(120), "queue drained");
        rows = await pipeline.Table.AllAsync(ReportTable.SiteIs(site));
        long counted = 0;
        await foreach (var issue in pipeline.Issues.QueryAsync<TableEntity>(DigestColumns.IssuesOnly))
            if (issue.GetString("Title")?.Contains(run, StringComparison.Ordinal) == true || issue.GetString("BlockedUrl")?.Contains(run, StringComparison.Ordinal) == true)
                counted += issue.GetInt64(DigestColumns.Count) ?? 0;
        return (counted, rows.Count);
    }

    [Fact]
    public async Task Messages_put_three_times_and_redelivered_after_kills_are_counted_once()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var site = NewSite();
        // 60 messages of 1-5 deliveries each over 4 issues, every message put three times (as an enqueue retried
        // after it had in fact succeeded would, and as a redelivery does): 2 of every 3 processings are repeats.
        var reports = 0;
        var messages = new List<byte[]>();
        for (var m = 0; m < 60; m++)
        {
            var deliveries = Enumerable.Range(0, 1 + m % 5).Select(d => (ReadOnlyMemory<byte>)Envelope(site, Csp(run, (m + d) % 4, reports + d))).ToList();
            reports += deliveries.Count;
            messages.Add(MessageCodec.Write(deliveries));
        }
        await Parallel.ForEachAsync(messages.SelectMany(m => new[] { m, m, m }), new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (message, _) => await pipeline.Queue.SendMessageAsync(new BinaryData(message)));

        // And kill the host twice while it drains, so messages in flight are processed again by the next one.
        for (var kill = 0; kill < 2; kill++)
        {
            await Eventually.MatchAsync(() => pipeline.Table.AllAsync(ReportTable.SiteIs(site)), r => r.Count > reports * (kill + 1) / 4,
                TimeSpan.FromSeconds(60), "some rows");
            await pipeline.RestartAppAsync();
        }

        var (counted, rows) = await CountsAndRowsAsync(run, site, reports);
        Assert.Equal(reports, rows);
        Assert.Equal(reports, counted);
    }

    [Fact]
    public async Task Under_concurrent_posting_and_a_kill_digest_counts_equal_rows()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var site = NewSite();
        var next = 0;
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(async sender =>
        {
            var ok = 0;
            for (var i = 0; i < 40; i++)
            {
                var n = Interlocked.Increment(ref next);
                using var response = await pipeline.PostAsync(Encoding.UTF8.GetBytes(Csp(run, n % 3, n)), "application/csp-report", site);
                if (response.StatusCode == HttpStatusCode.NoContent)
                    ok++;
            }
            return ok;
        }));
        Assert.Equal(320, answers.Sum());
        await pipeline.RestartAppAsync();

        var (counted, rows) = await CountsAndRowsAsync(run, site, 320);
        Assert.Equal(320, rows);
        Assert.Equal(320, counted);
    }
}
