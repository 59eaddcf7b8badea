using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Lookout.Functions.Hosting;
using Lookout.Tests.Browser;
using Lookout.Tests.Pipeline.Harness;

namespace Lookout.Tests.FunctionsHost;

/// <summary>
/// What only the real host decides: the queue trigger's retries, poison queue, batches and visibility from
/// host.json; function keys; the admin API firing the timer; the log stream; a real browser posting to it.
/// Differences from the standalone host are pinned here.
/// </summary>
[Trait("Category", "FunctionsHost"), Collection(FunctionsHostCollection.Name)]
public sealed class HostBehaviourTests
{
    private readonly FunctionsHostPipeline _pipeline;

    public HostBehaviourTests(FunctionsHostPipeline pipeline)
    {
        FunctionsHostCollection.SkipUnlessAvailable();
        _pipeline = pipeline;
    }

    private Support.FunctionsHost Host => _pipeline.Host;

    /// <summary>The queue settings the host logs at startup (its QueuesOptions block), as JSON.</summary>
    private JsonElement HostQueuesOptions()
    {
        var lines = Host.Process.Lines.Select(l => l.Text).ToList();
        var at = lines.FindIndex(l => l.Trim() == "QueuesOptions");
        Assert.True(at >= 0, "the host logged no QueuesOptions block");
        var json = new StringBuilder();
        foreach (var line in lines.Skip(at + 1))
        {
            json.AppendLine(line);
            if (line.Trim() == "}") break;
        }
        using var document = JsonDocument.Parse(json.ToString());
        return document.RootElement.Clone();
    }

    /// <summary>host.json plus the pipeline's override settings, read the way the standalone poller reads them.</summary>
    private QueueTriggerSettings StandaloneQueueSettings() =>
        QueueTriggerSettings.Load(_pipeline.AppFolder, _pipeline.AppSettings
            .Where(s => s.Key.StartsWith(QueueTriggerSettings.OverridePrefix, StringComparison.Ordinal))
            .Select(s => new KeyValuePair<string, string?>(s.Key[QueueTriggerSettings.OverridePrefix.Length..].Replace("__", ":", StringComparison.Ordinal), s.Value)));

    [SkippableFact]
    public void The_host_reads_the_same_queue_settings_as_the_standalone_poller()
    {
        var host = HostQueuesOptions();
        var standalone = StandaloneQueueSettings();
        Assert.Equal(standalone.BatchSize, host.GetProperty("BatchSize").GetInt32());
        Assert.Equal(standalone.NewBatchThreshold, host.GetProperty("NewBatchThreshold").GetInt32());
        Assert.Equal(standalone.MaxDequeueCount, host.GetProperty("MaxDequeueCount").GetInt32());
        Assert.Equal(standalone.VisibilityTimeout, TimeSpan.Parse(host.GetProperty("VisibilityTimeout").GetString()!, CultureInfo.InvariantCulture));
        Assert.Equal(standalone.MaxPollingInterval, TimeSpan.Parse(host.GetProperty("MaxPollingInterval").GetString()!, CultureInfo.InvariantCulture));
        Assert.Equal(standalone.MessageEncoding, host.GetProperty("MessageEncoding").GetString(), StringComparer.OrdinalIgnoreCase);
    }

    [SkippableFact]
    public async Task A_compressed_message_of_many_deliveries_reaches_Normalize_byte_for_byte_through_the_host_binding()
    {
        // Ingest's group commit stores several deliveries gzip-compressed: binary, not UTF-8. The host's queue
        // trigger must hand those bytes to the worker unchanged, or every message of a busy instance would poison.
        var site = LookoutPipeline.NewSite();
        var envelopes = Enumerable.Range(0, 200).Select(i =>
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            Lookout.Core.Envelopes.EnvelopeCodec.Write(buffer, new Lookout.Core.Envelopes.Envelope
            {
                Id = Lookout.Core.Envelopes.Envelope.NewId(),
                ReceivedAt = DateTimeOffset.UtcNow,
                ContentType = "application/csp-report",
                Site = site,
            }, Encoding.UTF8.GetBytes($"{{\"csp-report\":{{\"document-uri\":\"https://packed.example/{i}\",\"violated-directive\":\"img-src\",\"blocked-uri\":\"https://cdn{i % 7}.example/\"}}}}"));
            return (ReadOnlyMemory<byte>)buffer.WrittenMemory;
        }).ToList();
        var message = Assert.Single(new Lookout.Core.Envelopes.MessagePacker(48 * 1024).Pack(envelopes)).Bytes;
        Assert.True(Lookout.Core.Envelopes.MessageCompression.IsCompressed(message));
        await _pipeline.Queue.SendMessageAsync(new BinaryData(message));

        var rows = await _pipeline.RowsOfSiteAsync(site, envelopes.Count, TimeSpan.FromSeconds(60));
        Assert.Equal(Enumerable.Range(0, envelopes.Count).Select(i => $"https://packed.example/{i}").Order(), rows.Select(r => r.GetString("Url")).Order());
    }

    [SkippableFact]
    public async Task Concurrent_deliveries_to_the_hosts_ingest_share_messages_and_each_lands_once()
    {
        var site = LookoutPipeline.NewSite();
        const int deliveries = 90; // one issue: under the row cap of 100
        var answers = await Task.WhenAll(Enumerable.Range(0, deliveries).Select(async i =>
        {
            using var response = await _pipeline.PostAsync(Lookout.Tests.Pipeline.Bodies.Csp($"https://burst.example/{i}"), "application/csp-report", site);
            return response.StatusCode;
        }));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.NoContent, a));

        var rows = await _pipeline.RowsOfSiteAsync(site, deliveries, TimeSpan.FromSeconds(60));
        Assert.Equal(Enumerable.Range(0, deliveries).Select(i => $"https://burst.example/{i}").Order(), rows.Select(r => r.GetString("Url")).Order());
    }

    [SkippableFact]
    public async Task A_message_that_always_fails_is_tried_maxDequeueCount_times_visibilityTimeout_apart_then_kept_whole_in_poison()
    {
        var settings = StandaloneQueueSettings();
        var junk = BinaryData.FromString("{\"not\":\"an envelope\",\"marker\":\"" + Guid.NewGuid() + "\"}");
        var sent = (await _pipeline.Queue.SendMessageAsync(junk)).Value;

        var timeout = settings.MaxDequeueCount * (settings.VisibilityTimeout + TimeSpan.FromSeconds(5)) + TimeSpan.FromSeconds(30);
        var poisoned = await Eventually.MatchAsync(async () => (await _pipeline.PoisonQueue.PeekMessagesAsync(32)).Value,
            m => m.Any(p => p.Body.ToString() == junk.ToString()), timeout, "the junk message in the poison queue");
        Assert.Equal(junk.ToArray(), poisoned.Single(p => p.Body.ToString() == junk.ToString()).Body.ToArray());

        // The host logs each attempt with the message id and its dequeue count.
        var attempts = Host.Process.Lines.Where(l => l.Text.Contains($"MessageId: {sent.MessageId}", StringComparison.Ordinal)).ToList();
        Assert.Equal(Enumerable.Range(1, settings.MaxDequeueCount).Select(n => $"DequeueCount: {n}"),
            attempts.Select(a => a.Text[a.Text.IndexOf("DequeueCount: ", StringComparison.Ordinal)..].Split(',')[0]));
        // A failed message stays invisible for visibilityTimeout before its next attempt. The times are when the log
        // lines reached us (the host and its worker buffer them: a CI run saw 4.5 s for 5 s), so 30 % is allowed; an
        // immediate retry (well under a second) still fails.
        foreach (var (before, after) in attempts.Zip(attempts.Skip(1)))
            Assert.True(after.At - before.At >= settings.VisibilityTimeout * 0.7,
                $"attempts {(after.At - before.At).TotalSeconds:N1} s apart, visibilityTimeout {settings.VisibilityTimeout}");
        Assert.Contains(Host.Process.Lines, l => l.Text.Contains(_pipeline.PoisonQueueName, StringComparison.Ordinal)
                                                 && l.Text.Contains("MaxDequeueCount", StringComparison.OrdinalIgnoreCase));
        await _pipeline.PoisonQueue.ClearMessagesAsync();
    }

    [SkippableFact]
    public async Task Normalize_runs_at_most_batchSize_plus_newBatchThreshold_messages_at_once()
    {
        var settings = StandaloneQueueSettings();
        var site = LookoutPipeline.NewSite();
        var skip = Host.Process.Lines.Count;
        // Enqueued directly: a backlog the trigger meets in full batches.
        await Parallel.ForEachAsync(Enumerable.Range(0, 200), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (n, _) =>
        {
            using var response = await _pipeline.PostAsync(Encoding.UTF8.GetBytes(
                $$$"""{"csp-report":{"document-uri":"https://batch.example/{{{n}}}","blocked-uri":"inline","violated-directive":"script-src"}}"""), "application/csp-report", site);
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        });
        await _pipeline.RowsOfSiteAsync(site, 100, TimeSpan.FromSeconds(120));

        var running = 0;
        var most = 0;
        foreach (var line in Host.Process.Lines.Skip(skip).Select(l => l.Text))
        {
            if (line.Contains("Executing 'Functions.Normalize'", StringComparison.Ordinal)) most = Math.Max(most, ++running);
            else if (line.Contains("Executed 'Functions.Normalize'", StringComparison.Ordinal)) running--;
        }
        Assert.InRange(most, 2, settings.BatchSize + settings.NewBatchThreshold);
    }

    [SkippableFact]
    public async Task The_retention_timer_fires_through_the_admin_api_with_the_master_key_and_deletes_old_days()
    {
        var old = Lookout.Core.Records.UtcDay.Of(DateTimeOffset.UtcNow).AddDays(-40).ToString();
        var fingerprint = Guid.NewGuid().ToString("N")[..16];
        var row = new TableEntity($"csp-violation_{old}", $"0000000000000000001_{Guid.NewGuid():N}_0000") { ["Type"] = "csp-violation", ["Fingerprint"] = fingerprint };
        var issue = new TableEntity(old, $"csp-violation_{fingerprint}") { ["Type"] = "csp-violation", ["Fingerprint"] = fingerprint, ["Count"] = 1L };
        await _pipeline.Table.Client.UpsertEntityAsync(row);
        await _pipeline.Issues.UpsertEntityAsync(issue);

        Assert.Equal(HttpStatusCode.Unauthorized, await Host.RunFunctionAsync("Retention", _pipeline.Http, key: "not-a-key"));
        Assert.Equal(HttpStatusCode.Forbidden, await Host.RunFunctionAsync("Retention", _pipeline.Http, key: Host.FunctionKey));
        Assert.Equal(HttpStatusCode.Accepted, await Host.RunFunctionAsync("Retention", _pipeline.Http));

        await Host.Process.WaitForLineAsync(l => l.Contains("Executed 'Functions.Retention' (Succeeded", StringComparison.Ordinal),
            TimeSpan.FromSeconds(60), "the Retention run");
        Assert.Empty(await _pipeline.Table.AllAsync(TableClient.CreateQueryFilter($"PartitionKey eq {row.PartitionKey}")));
        Assert.Empty(await _pipeline.IssuesOfDayAsync(old));
        Assert.Contains("Retention deleted", Host.Output);
    }

    [SkippableFact]
    public async Task Function_key_endpoints_refuse_a_loopback_client_without_the_key()
    {
        // Difference from the standalone host: without Lookout__ReadKey it serves loopback clients; the host
        // always wants the function key, and the read key setting means nothing to it.
        using var none = await _pipeline.Http.GetAsync(new Uri(Host.BaseUrl, "/api/read/counts"));
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        using var master = new HttpRequestMessage(HttpMethod.Get, new Uri(Host.BaseUrl, "/api/read/counts"));
        master.Headers.Add("x-functions-key", Host.MasterKey);
        using var withMaster = await _pipeline.Http.SendAsync(master);
        Assert.Equal(HttpStatusCode.OK, withMaster.StatusCode);
    }

    [SkippableTheory]
    [InlineData("/api/dashboard/app/app.js", "text/javascript")]
    [InlineData("/api/dashboard/app/triage.js", "text/javascript")]
    [InlineData("/api/dashboard/app/vendor/chart.umd.min.js", "text/javascript")]
    public async Task The_dashboard_app_files_come_with_the_function_key(string path, string mediaType)
    {
        using var loader = await _pipeline.Http.GetAsync(new Uri(Host.BaseUrl, "/api/dashboard"));
        Assert.Equal(HttpStatusCode.OK, loader.StatusCode);
        Assert.Contains("sessionStorage", await loader.Content.ReadAsStringAsync());

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Host.BaseUrl, path));
        request.Headers.Add("x-functions-key", Host.FunctionKey);
        using var file = await _pipeline.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal(mediaType, file.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", file.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.True((await file.Content.ReadAsByteArrayAsync()).Length > 100);

        using var outside = new HttpRequestMessage(HttpMethod.Get, new Uri(Host.BaseUrl, "/api/dashboard/app/..%2F..%2Fhost.json"));
        outside.Headers.Add("x-functions-key", Host.FunctionKey);
        using var refused = await _pipeline.Http.SendAsync(outside);
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
    }

    [SkippableFact]
    public async Task Worker_logs_reach_the_host_log_stream_with_their_structured_text()
    {
        var page = Guid.NewGuid().ToString("N")[..10];
        var body = $$$"""[{"type":"csp-violation","age":1,"url":"https://logs.example/{{{page}}}","user_agent":"UA","body":{"documentURL":"https://logs.example/{{{page}}}","blockedURL":"https://{{{page}}}.evil.example/x.js","effectiveDirective":"script-src-elem","disposition":"enforce"}}]""";
        using var response = await _pipeline.PostAsync(Encoding.UTF8.GetBytes(body), "application/reports+json", LookoutPipeline.NewSite());
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var line = await Host.Process.WaitForLineAsync(l => l.Contains($"NewIssue csp-violation: script-src-elem blocked https://{page}.evil.example ", StringComparison.Ordinal),
            TimeSpan.FromSeconds(60), "the NewIssue event in the host's log");
        Assert.Contains("fingerprint", line);
        Assert.Contains(Host.Process.Lines, l => l.Text.Contains("Executed 'Functions.Ingest' (Succeeded", StringComparison.Ordinal));
    }

    [SkippableTheory]
    [InlineData("ZZZ\r\n{}\r\n0\r\n\r\n")]
    [InlineData("2\r\n{}XX0\r\n\r\n")]
    public async Task A_malformed_chunk_size_gets_a_500_from_the_host_and_stores_nothing(string chunks)
    {
        // Difference from the standalone host, pinned (docs/deploy.md): the host's Kestrel reads the framing while it
        // forwards the body to the worker; the broken stream fails the forwarding and the host answers 500 itself,
        // where the standalone host answers 400 "could not be read". Nothing is enqueued either way.
        var site = LookoutPipeline.NewSite();
        var url = new Uri(Host.ReportsUrl + "?site=" + site);
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(url.Host, url.Port);
        await using var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"POST {url.PathAndQuery} HTTP/1.1\r\nHost: {url.Authority}\r\nContent-Type: application/json\r\n" +
                                                        $"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n{chunks}"));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var answer = await reader.ReadToEndAsync();
        Assert.StartsWith("HTTP/1.1 500", answer);
        using var marker = await _pipeline.PostAsync("{\"csp-report\":{\"document-uri\":\"https://marker.example/\"}}"u8.ToArray(), "application/csp-report", site);
        Assert.Equal(HttpStatusCode.NoContent, marker.StatusCode);
        Assert.Equal("https://marker.example/", Assert.Single(await _pipeline.RowsOfSiteAsync(site, 1)).GetString("Url"));
    }

    [SkippableFact]
    public async Task Chromium_sends_a_csp_report_to_the_host_and_the_row_lands()
    {
        Skip.If(_pipeline.Site is null, "Chromium is not installed (see docs/browser-testing.md)");
        var c = BrowserCases.Get("csp-enforce-report-uri");
        _pipeline.Site!.Reset(c.Id);
        await using var browser = await ChromiumBrowser.LaunchAsync(_pipeline.Site.PageUrl(c.Id), _pipeline.Certificate!.SpkiHash, c.Popups);
        var rows = await Eventually.MatchAsync(() => _pipeline.Table.AllAsync(ReportTable.SiteIs(c.Id)), rs => rs.Count > 0,
            BrowserHarness.CaseTimeout + TimeSpan.FromSeconds(20), "the browser's report row");

        var row = rows.First();
        Assert.Equal("csp-violation", row.GetString("Type"));
        Assert.Equal("csp-report", row.GetString("SourceFormat"));
        Assert.Equal(_pipeline.Site.PageUrl(c.Id).AbsoluteUri, row.GetString("DocumentUrl"));
        Assert.Equal(new Uri(_pipeline.Site.Origin, "/img.gif").AbsoluteUri, row.GetString("BlockedUrl"));
        Assert.Contains("HeadlessChrome", row.GetString("UserAgent"));
    }
}
