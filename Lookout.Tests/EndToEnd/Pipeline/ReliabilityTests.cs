using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Lookout.Core.Envelopes;
using Lookout.Tests.Pipeline.Harness;
using Lookout.Tests.Support;
using static Lookout.Tests.Pipeline.Harness.LookoutPipeline;

namespace Lookout.Tests.Pipeline;

/// <summary>Owns its resources (the default): recreates whatever vanishes.</summary>
public sealed class ResourcePipeline : LookoutPipeline
{
    protected override IDictionary<string, string> Settings => new Dictionary<string, string>
    {
        [QueueSetting("maxDequeueCount")] = "3",
        [QueueSetting("visibilityTimeout")] = "00:00:00",
        [QueueSetting("maxPollingInterval")] = "00:00:00.200",
    };
}

/// <summary>Does not own its resources (as in Azure, where Bicep creates them).</summary>
public sealed class UnownedResourcePipeline : LookoutPipeline
{
    public const int MaxDequeueCount = 2;

    protected override IDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Lookout__CreateResources"] = "false",
        [QueueSetting("maxDequeueCount")] = MaxDequeueCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [QueueSetting("visibilityTimeout")] = "00:00:00",
        [QueueSetting("maxPollingInterval")] = "00:00:00.200",
    };
}

internal static class Bodies
{
    public static byte[] Csp(string documentUri) =>
        Encoding.UTF8.GetBytes($"{{\"csp-report\":{{\"document-uri\":\"{documentUri}\",\"violated-directive\":\"script-src\"}}}}");

    /// <summary>Two reports of one type: one partition, so Normalize writes them in an entity group transaction.</summary>
    public static byte[] TwoTestReports =>
        """[{"type":"test","url":"https://a.example/","age":1,"body":{"message":"one"}},{"type":"test","url":"https://a.example/","age":2,"body":{"message":"two"}}]"""u8.ToArray();

    public static int Count(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
            count++;
        return count;
    }
}

/// <summary>Issue 19 item 4: a table, raw queue or poison queue deleted under a running pipeline comes back; nothing acknowledged is lost.</summary>
public class VanishedResourceTests(ResourcePipeline pipeline) : IClassFixture<ResourcePipeline>
{
    [Fact]
    public async Task A_deleted_table_is_recreated_and_every_acknowledged_report_lands()
    {
        await pipeline.Table.Client.DeleteAsync();
        var site = NewSite();
        using (var batch = await pipeline.PostAsync(Bodies.TwoTestReports, "application/reports+json", site))
            Assert.Equal(HttpStatusCode.NoContent, batch.StatusCode);
        using (var single = await pipeline.PostAsync(Bodies.Csp("https://one.example/"), "application/csp-report", site))
            Assert.Equal(HttpStatusCode.NoContent, single.StatusCode);

        var rows = await pipeline.RowsOfSiteAsync(site, 3);
        Assert.Equal(3, rows.Count);
        Assert.Contains($"Table {pipeline.TableName} is missing; creating it again", pipeline.App.Output);
        Assert.Empty((await pipeline.PoisonQueue.PeekMessagesAsync(32)).Value);
    }

    [Fact]
    public async Task A_deleted_raw_queue_is_recreated_by_the_poller_and_ingest()
    {
        var before = Bodies.Count(pipeline.App.Output, $"Queue {pipeline.QueueName} is missing");
        await pipeline.Queue.DeleteAsync();
        // The poller meets the missing queue first (no post yet) and puts it back.
        await Eventually.MatchAsync(() => Task.FromResult(Bodies.Count(pipeline.App.Output, $"Queue {pipeline.QueueName} is missing")),
            n => n > before, TimeSpan.FromSeconds(15), "the poller recreating the queue");

        var site = NewSite();
        using (var response = await pipeline.PostAsync(Bodies.Csp("https://two.example/"), "application/csp-report", site))
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Single(await pipeline.RowsOfSiteAsync(site, 1));

        // Deleted again, this time Ingest meets it first: the 204 still means enqueued.
        await pipeline.Queue.DeleteAsync();
        using (var response = await pipeline.PostAsync(Bodies.Csp("https://three.example/"), "application/csp-report", site))
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(2, (await pipeline.RowsOfSiteAsync(site, 2)).Count);
    }

    [Fact]
    public async Task A_deleted_poison_queue_is_recreated_when_a_message_must_go_there()
    {
        await pipeline.PoisonQueue.DeleteAsync();
        var junk = BinaryData.FromString("{\"not\":\"an envelope\",\"marker\":\"" + Guid.NewGuid() + "\"}");
        await pipeline.Queue.SendMessageAsync(junk);

        var poisoned = await Eventually.MatchAsync(async () => await ExistingMessagesAsync(), m => m.Any(b => b == junk.ToString()),
            TimeSpan.FromSeconds(30), "the junk message in the recreated poison queue");
        Assert.Single(poisoned, b => b == junk.ToString());
        Assert.Contains($"Queue {pipeline.PoisonQueueName} is missing; creating it again", pipeline.App.Output);
        // Cleared so this class's other tests keep an empty poison queue.
        await pipeline.PoisonQueue.ClearMessagesAsync();
    }

    private async Task<List<string>> ExistingMessagesAsync()
    {
        try
        {
            return (await pipeline.PoisonQueue.PeekMessagesAsync(32)).Value.Select(m => m.Body.ToString()).ToList();
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            return [];
        }
    }
}

/// <summary>Item 4 where the app does not own its resources: a missing table costs the message no attempts.</summary>
public class UnownedResourceTests(UnownedResourcePipeline pipeline) : IClassFixture<UnownedResourcePipeline>
{
    [Trait("Category", "Slow")] // left out of ./test.sh --quick
    [Fact]
    public async Task A_missing_table_does_not_spend_attempts_and_the_message_lands_once_it_is_back()
    {
        await pipeline.Table.Client.DeleteAsync();
        var site = NewSite();
        using (var response = await pipeline.PostAsync(Bodies.Csp("https://wait.example/"), "application/csp-report", site))
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        using (var health = await pipeline.Http.GetAsync(pipeline.App.HealthUrl))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
            using var json = JsonDocument.Parse(await health.Content.ReadAsStringAsync());
            Assert.Equal("missing", json.RootElement.GetProperty("table").GetProperty("status").GetString());
        }

        // More failed tries than maxDequeueCount allows attempts: the message must still not be poisoned.
        var tries = UnownedResourcePipeline.MaxDequeueCount + 2;
        await Eventually.MatchAsync(() => Task.FromResult(Bodies.Count(pipeline.App.Output, $"waits for {pipeline.TableName}")),
            n => n >= tries, TimeSpan.FromSeconds(60), $"{tries} tries against the missing table");
        Assert.Empty((await pipeline.PoisonQueue.PeekMessagesAsync(32)).Value);
        Assert.DoesNotContain($"creating it again", pipeline.App.Output);

        // The operator (Bicep, in Azure) puts the table back.
        await pipeline.Table.Client.CreateIfNotExistsAsync();
        var row = Assert.Single(await pipeline.RowsOfSiteAsync(site, 1));
        Assert.Equal("https://wait.example/", row.GetString("Url"));
        Assert.Empty((await pipeline.PoisonQueue.PeekMessagesAsync(32)).Value);
    }
}

/// <summary>Item 5: poison depth in health, and replay-poison moving messages back so they land as rows.</summary>
public class PoisonReplayTests(ResourcePipeline pipeline) : IClassFixture<ResourcePipeline>
{
    [Fact]
    public async Task Replay_poison_moves_messages_back_and_they_land_as_rows()
    {
        var site = NewSite();
        const int count = 3;
        for (var i = 0; i < count; i++)
            await pipeline.PoisonQueue.SendMessageAsync(new BinaryData(Envelope(site, Bodies.Csp($"https://replay{i}.example/"))));

        using (var health = await pipeline.Http.GetAsync(pipeline.App.HealthUrl))
        {
            // Poison messages are a signal, not an outage.
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            using var json = JsonDocument.Parse(await health.Content.ReadAsStringAsync());
            Assert.Equal(count, json.RootElement.GetProperty("poison").GetProperty("approximateMessages").GetInt64());
            Assert.Equal(pipeline.PoisonQueueName, json.RootElement.GetProperty("poison").GetProperty("name").GetString());
            Assert.True(json.RootElement.GetProperty("queue").TryGetProperty("approximateMessages", out _));
        }

        var (exitCode, output) = await RunReplayAsync();
        Assert.True(exitCode == 0, output);
        Assert.Contains($"Moved {count} messages from {pipeline.PoisonQueueName} to {pipeline.QueueName}", output);

        var rows = await pipeline.RowsOfSiteAsync(site, count);
        Assert.Equal(Enumerable.Range(0, count).Select(i => $"https://replay{i}.example/"), rows.Select(r => r.GetString("Url")).Order());
        Assert.Empty((await pipeline.PoisonQueue.PeekMessagesAsync(32)).Value);

        // Nothing left: a second run moves nothing and still succeeds.
        (exitCode, output) = await RunReplayAsync();
        Assert.Equal(0, exitCode);
        Assert.Contains("Moved 0 messages", output);
    }

    private static byte[] Envelope(string site, byte[] body)
    {
        var buffer = new ArrayBufferWriter<byte>();
        EnvelopeCodec.Write(buffer, new Envelope
        {
            Id = Core.Envelopes.Envelope.NewId(), ReceivedAt = DateTimeOffset.UtcNow, ContentType = "application/csp-report", Site = site,
        }, body);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The command as an operator runs it: the standalone binary with the app's settings.</summary>
    private async Task<(int ExitCode, string Output)> RunReplayAsync()
    {
        var start = new ProcessStartInfo("dotnet") { ArgumentList = { LookoutApp.Assembly, "replay-poison" } };
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.Environment["AzureWebJobsStorage"] = pipeline.Azurite.ConnectionString;
        start.Environment["Lookout__QueueName"] = pipeline.QueueName;
        start.Environment["Lookout__TableName"] = pipeline.TableName;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}

/// <summary>
/// Item 6: storage that accepts connections and never answers (frozen, not down). Ingest answers 503 within its
/// enqueue deadline and health 503 within its probe bound, instead of after the SDK's retries.
/// </summary>
public sealed class UnresponsiveStorageTests : IAsyncLifetime
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<Socket> _held = [];
    private readonly CancellationTokenSource _stop = new();
    private LookoutApp _app = null!;

    public async Task InitializeAsync()
    {
        _listener.Start();
        var port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = Task.Run(async () =>
        {
            // Accept and hold: the connection stays open, no byte is ever answered.
            while (!_stop.IsCancellationRequested)
            {
                try { var socket = await _listener.AcceptSocketAsync(_stop.Token); lock (_held) _held.Add(socket); }
                catch (OperationCanceledException) { return; }
                catch (SocketException) { return; }
            }
        });
        var storage = $"DefaultEndpointsProtocol=http;AccountName={AzuriteServer.DevelopmentAccountName};AccountKey={AzuriteServer.DevelopmentAccountKey};" +
                      $"QueueEndpoint=http://127.0.0.1:{port}/{AzuriteServer.DevelopmentAccountName};TableEndpoint=http://127.0.0.1:{port}/{AzuriteServer.DevelopmentAccountName};";
        _app = await LookoutApp.StartAsync(storage, new Dictionary<string, string>
        {
            ["Lookout__CreateResources"] = "false",
            ["Lookout__Standalone__Poller"] = "false",
            // Below the SDK's own give-up time (two 2 s network timeouts), so the deadline is what answers.
            ["Lookout__EnqueueTimeoutSeconds"] = "1",
        });
    }

    [Fact]
    public async Task Ingest_answers_503_within_the_enqueue_deadline()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var content = new ByteArrayContent(Bodies.Csp("https://frozen.example/"));
        content.Headers.TryAddWithoutValidation("Content-Type", "application/csp-report");
        var clock = Stopwatch.StartNew();
        using var response = await http.PostAsync(_app.ReportsUrl, content);
        clock.Stop();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(response.Headers.Contains("Retry-After"));
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.9, 2.5);
        Assert.Contains("no answer within 1 s", _app.Output);
    }

    [Fact]
    public async Task Health_answers_503_within_its_probe_bound()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var clock = Stopwatch.StartNew();
        using var response = await http.GetAsync(_app.HealthUrl);
        clock.Stop();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.InRange(clock.Elapsed.TotalSeconds, 0, 3.5);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("unreachable", json.RootElement.GetProperty("queue").GetProperty("status").GetString());
        Assert.Equal("unreachable", json.RootElement.GetProperty("table").GetProperty("status").GetString());
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _stop.CancelAsync();
        _listener.Stop();
        lock (_held)
            foreach (var socket in _held)
                socket.Dispose();
        _stop.Dispose();
    }
}
