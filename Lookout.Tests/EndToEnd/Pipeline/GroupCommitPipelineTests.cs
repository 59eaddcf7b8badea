using System.Buffers;
using System.Net;
using System.Text;
using Lookout.Core.Envelopes;
using Lookout.Tests.Pipeline.Harness;

namespace Lookout.Tests.Pipeline;

/// <summary>Issue 23: many deliveries per queue message, on Azurite through the standalone host.</summary>
public class GroupCommitPipelineTests(FastRetryPipeline pipeline) : IClassFixture<FastRetryPipeline>
{
    private static byte[] Envelope(string site, string contentType, string body)
    {
        var buffer = new ArrayBufferWriter<byte>();
        EnvelopeCodec.Write(buffer, new Envelope
        {
            Id = Lookout.Core.Envelopes.Envelope.NewId(),
            ReceivedAt = DateTimeOffset.UtcNow,
            ContentType = contentType,
            Site = site,
        }, Encoding.UTF8.GetBytes(body));
        return buffer.WrittenSpan.ToArray();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // as Ingest's group commit writes it
    public async Task A_message_of_many_deliveries_with_one_hostile_delivery_stores_every_other_delivery(bool compressed)
    {
        var site = LookoutPipeline.NewSite();
        var good = Enumerable.Range(0, 12).Select(i => Envelope(site, "application/csp-report",
            $"{{\"csp-report\":{{\"document-uri\":\"https://shop.example/p{i}\",\"violated-directive\":\"img-src\",\"blocked-uri\":\"https://cdn.example/\"}}}}")).ToList();
        // Hostile in every way a delivery can be once it is past Ingest's checks: lone surrogates, NUL, a huge age,
        // a wrong-type field, an unsupported content type, a body no parser knows, and an element that is no envelope.
        var hostile = new List<byte[]>
        {
            Envelope(site, "application/reports+json",
                "[{\"type\":\"csp-violation\",\"age\":1e308,\"url\":\"https://x.example/\\ud800\\u0000\",\"body\":{\"lineNumber\":\"NaN\",\"blockedURL\":{\"a\":[[[]]]}}}]"),
            Envelope(site, "text/plain", "{\"csp-report\":{}}"),
            Envelope(site, "application/json", "{\"nothing\":\"known\"}"),
            "{\"v\":1,\"id\":\"../../etc\",\"body\":{}}"u8.ToArray(),
        };
        var all = good.Take(6).Concat(hostile).Concat(good.Skip(6)).Select(e => (ReadOnlyMemory<byte>)e).ToList();
        var message = MessageCodec.Write(all);
        await pipeline.Queue.SendMessageAsync(new BinaryData(compressed ? MessageCompression.Compress(message) : message));

        // Every good delivery and every hostile one that has an envelope lands; the element that is not one
        // sends the message to the poison queue once the others are stored, whole, for a person to look at.
        var rows = await pipeline.RowsOfSiteAsync(site, good.Count + 3, TimeSpan.FromSeconds(60));
        var poisoned = await Eventually.MatchAsync(async () => (await pipeline.PoisonQueue.PeekMessagesAsync(32)).Value.Select(Text).ToList(),
            m => m.Any(p => p.Contains(site, StringComparison.Ordinal)), TimeSpan.FromSeconds(30), "poisoned message");
        rows = await pipeline.Table.AllAsync(ReportTable.SiteIs(site));

        Assert.Equal(good.Count + 3, rows.Count); // retries rewrote the same rows: none twice
        Assert.Equal(good.Count, rows.Count(r => r.GetString("Type") == "csp-violation" && r.GetString("Url")?.StartsWith("https://shop.example/p", StringComparison.Ordinal) == true));
        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"https://shop.example/p{i}").Order(), rows
            .Where(r => r.GetString("Url")?.StartsWith("https://shop.example/", StringComparison.Ordinal) == true).Select(r => r.GetString("Url")).Order());
        Assert.Equal(2, rows.Count(r => r.GetString("Type") == "unknown"));
        Assert.Contains("../../etc", poisoned.Single(p => p.Contains(site, StringComparison.Ordinal)));
    }

    // A poisoned message is moved as it was: inflate a compressed one to read it.
    private static string Text(Azure.Storage.Queues.Models.PeekedMessage message)
    {
        var bytes = message.Body.ToMemory();
        if (!MessageCompression.IsCompressed(bytes.Span))
            return Encoding.UTF8.GetString(bytes.Span);
        var text = Encoding.ASCII.GetString(bytes.Span);
        return MessageCompression.TryInflate(Convert.FromBase64String(text["{\"v\":3,\"gzip\":\"".Length..^2]), out var inflated, out var error)
            ? Encoding.UTF8.GetString(inflated.Span) : error!;
    }

    [Fact]
    public async Task Concurrent_deliveries_are_each_acknowledged_once_queued_and_each_lands_once()
    {
        var site = LookoutPipeline.NewSite();
        const int deliveries = 64;
        var answers = await Task.WhenAll(Enumerable.Range(0, deliveries).Select(async i =>
        {
            using var response = await pipeline.PostAsync(Bodies.Csp($"https://burst.example/{i}"), "application/csp-report", site);
            return response.StatusCode;
        }));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.NoContent, a));

        var rows = await pipeline.RowsOfSiteAsync(site, deliveries);
        Assert.Equal(Enumerable.Range(0, deliveries).Select(i => $"https://burst.example/{i}").Order(), rows.Select(r => r.GetString("Url")).Order());
    }
}

/// <summary>
/// Kills the host while deliveries are in flight: every one that was answered 204 is stored. Row cap off: the
/// reports are one issue (a fingerprint names the problem, not the page), so with the cap only 100 would be rows.
/// </summary>
public class GroupCommitKillTests(EveryRowPipeline pipeline) : IClassFixture<EveryRowPipeline>
{
    [Fact]
    public async Task A_kill_between_put_and_answer_loses_no_acknowledged_delivery()
    {
        var site = LookoutPipeline.NewSite();
        var acknowledged = new System.Collections.Concurrent.ConcurrentBag<int>();
        using var stop = new CancellationTokenSource();
        var next = 0;
        var senders = Enumerable.Range(0, 16).Select(async _ =>
        {
            while (!stop.IsCancellationRequested)
            {
                var n = Interlocked.Increment(ref next);
                try
                {
                    using var response = await pipeline.PostAsync(Bodies.Csp($"https://kill.example/{n}"), "application/csp-report", site);
                    if (response.StatusCode == HttpStatusCode.NoContent)
                        acknowledged.Add(n);
                }
                catch (HttpRequestException)
                {
                    return; // the host is gone: this request had no answer, so it was never acknowledged
                }
            }
        }).ToList();

        await Eventually.MatchAsync(() => Task.FromResult(acknowledged.Count), c => c >= 100, TimeSpan.FromSeconds(30), "100 acknowledged");
        await pipeline.App.KillAsync();
        stop.Cancel();
        await Task.WhenAll(senders);
        await pipeline.RestartAppAsync();

        var rows = await pipeline.RowsOfSiteAsync(site, acknowledged.Count, TimeSpan.FromSeconds(90));
        var stored = rows.Select(r => r.GetString("Url")).ToHashSet();
        Assert.All(acknowledged, n => Assert.Contains($"https://kill.example/{n}", stored));
        Assert.Equal(rows.Count, stored.Count); // no report stored twice
    }
}
