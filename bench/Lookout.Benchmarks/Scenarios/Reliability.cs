using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Azure.Data.Tables;
using Lookout.Benchmarks.Support;

namespace Lookout.Benchmarks.Scenarios;

/// <summary>
/// The reliability probe of issue 19, repeatable: hostile-request fuzz, a storage freeze during steady posting,
/// and SIGKILLs of the standalone host while a backlog drains. Everything on loopback, bounded in count and
/// time; results go to docs/reliability.md. Each report carries its number in its URL, so rows are matched to
/// acknowledgements one by one: lost = acknowledged without a row, duplicate = more than one row.
/// </summary>
internal static class Reliability
{
    private const string AllowedOrigin = "https://site.example";

    // ---------------------------------------------------------------- fuzz
    public static async Task<int> FuzzAsync(Options options)
    {
        await using var azurite = await AzuriteServer.StartAsync();
        var port = FreePorts.Next();
        await using var lookout = await LookoutApp.StartAsync(azurite.ConnectionString, new Dictionary<string, string>
        {
            ["Lookout__AllowedOrigins"] = AllowedOrigin,
            ["Logging__LogLevel__Default"] = "Information",
        }, LookoutApp.Url(port), quiet: true);
        await WaitHealthyAsync(port);
        var random = new Random(19);
        var requests = Enumerable.Range(0, options.Requests).Select(i => Hostile.Make(random, i)).ToList();
        var statuses = new Dictionary<string, int>();
        var accepted = new List<int>();
        var acceptedFlipped = 0;
        var rss = new List<long> { lookout.Process.ResidentBytes() };
        var clock = Stopwatch.StartNew();
        Console.WriteLine($"Fuzz: {requests.Count} hostile requests, {options.Connections} at a time, allow-list {AllowedOrigin}");

        var next = -1;
        var sampler = SampleAsync(lookout.Process, rss, clock);
        await Task.WhenAll(Enumerable.Range(0, options.Connections).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests.Count)
            {
                var request = requests[i];
                var status = await RawHttp.SendAsync(port, request.Bytes, request.HalfClose);
                lock (statuses)
                {
                    var key = $"{request.Kind} → {status}";
                    statuses[key] = statuses.GetValueOrDefault(key) + 1;
                    if (status == "204" && request.Marker is { } marker)
                        accepted.Add(marker);
                    if (status == "204" && request.Flipped)
                        acceptedFlipped++;
                }
            }
        }));
        clock.Stop();
        var table = new TableClient(azurite.ConnectionString, "reports");
        // Every accepted report must land; nothing refused may. Wait until the count stops moving.
        var rows = await SettleAsync(table, "fuzz", accepted.Count, TimeSpan.FromSeconds(120));
        var urls = rows.Select(r => r.GetString("Url") ?? "").ToList();
        var stored = urls.Select(MarkerOf).Where(m => m >= 0).ToList();
        var refusedStored = stored.Except(accepted).Count();
        var flippedRows = (await SettleAsync(table, "fuzzflip", acceptedFlipped, TimeSpan.FromSeconds(60))).Count;
        var lost = accepted.Except(stored).Count() + Math.Max(0, acceptedFlipped - flippedRows);

        Console.WriteLine($"  {requests.Count} requests in {clock.Elapsed.TotalSeconds:N0} s");
        Console.WriteLine("| request kind → status | count |");
        Console.WriteLine("|---|---|");
        foreach (var (key, count) in statuses.OrderBy(p => p.Key, StringComparer.Ordinal))
            Console.WriteLine($"| {key} | {count} |");
        var fiveXx = statuses.Where(p => p.Key.Split("→ ")[1].StartsWith('5')).Sum(p => p.Value);
        Console.WriteLine($"5xx answers: {fiveXx} (target 0); accepted {accepted.Count + acceptedFlipped}, rows {rows.Count + flippedRows}, lost {lost}, refused but stored {refusedStored}, " +
                          $"duplicate rows {stored.Count - stored.Distinct().Count()}; stack-trace lines logged: {StackFrames(lookout.Output)}");
        PrintRss(rss);
        return fiveXx == 0 && lost == 0 && refusedStored == 0 && flippedRows == acceptedFlipped ? 0 : 1;
    }

    // ---------------------------------------------------------------- outage
    public static async Task<int> OutageAsync(Options options)
    {
        await using var azurite = await AzuriteServer.StartAsync();
        var port = FreePorts.Next();
        await using var lookout = await LookoutApp.StartAsync(azurite.ConnectionString, Fast, LookoutApp.Url(port), quiet: true);
        await WaitHealthyAsync(port);
        var freeze = TimeSpan.FromSeconds(options.Freeze);
        Console.WriteLine($"Outage: {options.Connections} posters for {options.Seconds} s; Azurite frozen (SIGSTOP) for {freeze.TotalSeconds:N0} s from second 10");
        var results = new List<(int Marker, int Status, double Seconds)>();
        var clock = Stopwatch.StartNew();
        var end = TimeSpan.FromSeconds(options.Seconds);
        var next = -1;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var posters = Enumerable.Range(0, options.Connections).Select(async _ =>
        {
            while (clock.Elapsed < end)
            {
                var marker = Interlocked.Increment(ref next);
                var started = clock.Elapsed;
                var status = await PostOneAsync(http, port, "outage", marker);
                lock (results) results.Add((marker, status, (clock.Elapsed - started).TotalSeconds));
                if (status != 204) await Task.Delay(100);
            }
        }).ToList();
        await Task.Delay(TimeSpan.FromSeconds(10));
        Signal(azurite.ProcessId, "STOP");
        var healthDuring = await TimeHealthAsync(port);
        await Task.Delay(freeze - healthDuring.Elapsed);
        Signal(azurite.ProcessId, "CONT");
        await Task.WhenAll(posters);

        var acked = results.Where(r => r.Status == 204).Select(r => r.Marker).ToList();
        var refused = results.Where(r => r.Status != 204).Select(r => r.Marker).ToHashSet();
        var table = new TableClient(azurite.ConnectionString, "reports");
        var rows = await SettleAsync(table, "outage", acked.Count, TimeSpan.FromSeconds(180));
        var stored = rows.Select(r => MarkerOf(r.GetString("Url") ?? "")).ToList();
        var lost = acked.Except(stored).Count();
        var duplicates = stored.Count - stored.Distinct().Count();
        var refusedStored = stored.Distinct().Count(refused.Contains);
        var slowest503 = results.Where(r => r.Status == 503).Select(r => r.Seconds).DefaultIfEmpty().Max();
        Console.WriteLine("| posts | 204 | 503 | other | rows | lost | duplicate rows | 503 but stored later | slowest 503 | health during freeze |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        Console.WriteLine(FormattableString.Invariant(
            $"| {results.Count} | {acked.Count} | {results.Count(r => r.Status == 503)} | {results.Count(r => r.Status is not 204 and not 503)} | {rows.Count} | {lost} | {duplicates} | {refusedStored} | {slowest503:N1} s | {healthDuring.Status} in {healthDuring.Elapsed.TotalSeconds:N1} s |"));
        return lost == 0 && duplicates == 0 ? 0 : 1;
    }

    // ---------------------------------------------------------------- kill
    public static async Task<int> KillAsync(Options options)
    {
        await using var azurite = await AzuriteServer.StartAsync();
        var port = FreePorts.Next();
        var random = new Random(7);
        var acked = new List<int>();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        // A backlog first: Ingest alone, the poller off.
        await using (var ingestOnly = await LookoutApp.StartAsync(azurite.ConnectionString,
                         new Dictionary<string, string>(Fast) { [LookoutApp.NoPoller.Key] = LookoutApp.NoPoller.Value }, LookoutApp.Url(port), quiet: true))
        {
            await WaitHealthyAsync(port);
            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
            {
                int marker;
                while ((marker = Interlocked.Increment(ref next)) < options.Reports)
                    if (await PostOneAsync(http, port, "kill", marker) == 204)
                        lock (acked) acked.Add(marker);
            }));
        }
        Console.WriteLine($"Kill: backlog of {acked.Count} deliveries; {options.Kills} SIGKILLs of the draining host at random moments, posting on");
        var table = new TableClient(azurite.ConnectionString, "reports");
        var posted = options.Reports;
        for (var kill = 0; kill <= options.Kills; kill++)
        {
            var lookout = await LookoutApp.StartAsync(azurite.ConnectionString, Fast, LookoutApp.Url(port), quiet: true);
            if (kill == options.Kills)
            {
                await using (lookout)
                {
                    var rows = await SettleAsync(table, "kill", acked.Count, TimeSpan.FromSeconds(300));
                    var stored = rows.Select(r => MarkerOf(r.GetString("Url") ?? "")).ToList();
                    var lost = acked.Except(stored).Count();
                    var duplicates = stored.Count - stored.Distinct().Count();
                    var poison = await PoisonDepthAsync(azurite);
                    Console.WriteLine("| kills | acknowledged | rows | lost | duplicate rows | poison messages |");
                    Console.WriteLine("|---|---|---|---|---|---|");
                    Console.WriteLine($"| {options.Kills} | {acked.Count} | {rows.Count} | {lost} | {duplicates} | {poison} |");
                    return lost == 0 && duplicates == 0 ? 0 : 1;
                }
            }
            var alive = TimeSpan.FromMilliseconds(random.Next(500, 4000));
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < alive)
            {
                var marker = posted++;
                if (await PostOneAsync(http, port, "kill", marker) == 204)
                    acked.Add(marker);
            }
            var backlog = await RawDepthAsync(azurite);
            Signal(lookout.ProcessId, "KILL");
            Console.WriteLine($"  kill {kill + 1} after {alive.TotalSeconds:N1} s, raw queue ≈ {backlog} messages");
            await lookout.DisposeAsync();
        }
        return 1;
    }

    // ---------------------------------------------------------------- helpers

    /// <summary>Quick retries, short processing timeout (killed messages come back in 5 s), fast polling.</summary>
    private static readonly Dictionary<string, string> Fast = new()
    {
        ["Lookout__Standalone__ProcessingTimeoutSeconds"] = "5",
        ["AzureFunctionsJobHost__extensions__queues__maxPollingInterval"] = "00:00:00.200",
        ["AzureFunctionsJobHost__extensions__queues__visibilityTimeout"] = "00:00:01",
    };

    private static async Task<int> PostOneAsync(HttpClient http, int port, string site, int marker)
    {
        using var content = new StringContent(
            $"{{\"csp-report\":{{\"document-uri\":\"https://probe.example/{marker}\",\"violated-directive\":\"script-src\",\"blocked-uri\":\"inline\"}}}}");
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/csp-report");
        try
        {
            using var response = await http.PostAsync(new Uri($"http://127.0.0.1:{port}/api/reports?site={site}"), content);
            return (int)response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return 0; // no answer (process killed, refused connection): not acknowledged
        }
    }

    private static int MarkerOf(string url)
    {
        var slash = url.LastIndexOf('/');
        return slash >= 0 && int.TryParse(url.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;
    }

    /// <summary>Rows of a site once every expected one is there, or once the count has not moved for 15 s.</summary>
    private static async Task<List<TableEntity>> SettleAsync(TableClient table, string site, int expected, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var rows = await ReportSender.RowsAsync(table, site, "Url");
        var lastChange = DateTime.UtcNow;
        while (rows.Count < expected && DateTime.UtcNow < deadline && DateTime.UtcNow - lastChange < TimeSpan.FromSeconds(15))
        {
            await Task.Delay(500);
            var now = await ReportSender.RowsAsync(table, site, "Url");
            if (now.Count != rows.Count) lastChange = DateTime.UtcNow;
            rows = now;
        }
        // A little longer: a late duplicate would show up now.
        await Task.Delay(2000);
        return await ReportSender.RowsAsync(table, site, "Url");
    }

    private static async Task WaitHealthyAsync(int port)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/api/health"));
                if (response.IsSuccessStatusCode) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException("Lookout never became healthy.");
    }

    private static async Task<(int Status, TimeSpan Elapsed)> TimeHealthAsync(int port)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/api/health"));
            return ((int)response.StatusCode, clock.Elapsed);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return (0, clock.Elapsed);
        }
    }

    private static async Task<int> RawDepthAsync(AzuriteServer azurite) =>
        (await new Azure.Storage.Queues.QueueClient(azurite.ConnectionString, "lookout-raw").GetPropertiesAsync()).Value.ApproximateMessagesCount;

    private static async Task<int> PoisonDepthAsync(AzuriteServer azurite)
    {
        var poison = new Azure.Storage.Queues.QueueClient(azurite.ConnectionString, "lookout-raw-poison");
        return (await poison.ExistsAsync()).Value ? (await poison.GetPropertiesAsync()).Value.ApproximateMessagesCount : 0;
    }

    private static void Signal(int pid, string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString(CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
    }

    private static int StackFrames(string output) =>
        output.Split('\n').Count(line => line.TrimStart().StartsWith("at ", StringComparison.Ordinal) && line.Contains('('));

    private static async Task SampleAsync(ChildProcess process, List<long> rss, Stopwatch clock)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (clock.IsRunning && !process.HasExited && await timer.WaitForNextTickAsync())
            lock (rss) rss.Add(process.ResidentBytes());
    }

    private static void PrintRss(List<long> rss)
    {
        static string Mb(long b) => (b / 1024.0 / 1024.0).ToString("N0", CultureInfo.InvariantCulture);
        Console.WriteLine($"RSS: start {Mb(rss[0])} MB, end {Mb(rss[^1])} MB, max {Mb(rss.Max())} MB ({rss.Count} samples)");
    }
}

/// <summary>One hostile request as raw HTTP/1.1 bytes (so framing can be broken on purpose).</summary>
internal sealed record Hostile(string Kind, byte[] Bytes, int? Marker = null, bool HalfClose = false, bool Flipped = false)
{
    private const string Path = "/api/reports";

    public static Hostile Make(Random random, int index)
    {
        static byte[] Req(string head, byte[] body) => [.. Encoding.ASCII.GetBytes(head), .. body];
        string Post(string contentType, int length, string extra = "", string site = "fuzz") =>
            $"POST {Path}?site={site} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {contentType}\r\nContent-Length: {length}\r\n{extra}Connection: close\r\n\r\n";
        var valid = Encoding.UTF8.GetBytes($"{{\"csp-report\":{{\"document-uri\":\"https://fuzz.example/{index}\",\"violated-directive\":\"img-src\"}}}}");
        switch (random.Next(14))
        {
            case 0: return new("valid csp-report", Req(Post("application/csp-report", valid.Length), valid), index);
            case 1:
                var noise = new byte[random.Next(1, 4000)];
                random.NextBytes(noise);
                return new("random bytes", Req(Post("application/reports+json", noise.Length), noise));
            case 2:
                var cut = valid[..random.Next(1, valid.Length - 1)];
                return new("truncated JSON", Req(Post("application/csp-report", cut.Length), cut));
            case 3:
                var deep = Encoding.ASCII.GetBytes(new string('[', 10_000) + new string(']', 10_000));
                return new("deep nesting", Req(Post("application/reports+json", deep.Length), deep));
            case 4: return new("20 KB Content-Type", Req(Post("text/" + new string('x', 20_000), valid.Length), valid));
            case 5: return new("foreign Origin", Req(Post("application/csp-report", valid.Length, "Origin: https://evil.example\r\n"), valid));
            case 6:
                return new("malformed chunk size", Encoding.ASCII.GetBytes(
                    $"POST {Path}?site=fuzz HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nZZ\r\n{{}}\r\n0\r\n\r\n"));
            case 7:
                return new("overflowing chunk size", Encoding.ASCII.GetBytes(
                    $"POST {Path}?site=fuzz HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nfffffffffffffffff\r\n{{}}\r\n0\r\n\r\n"));
            case 8: return new("Content-Length over the limit", Encoding.ASCII.GetBytes(Post("application/json", 50_000_000)));
            case 9:
                var empties = Encoding.ASCII.GetBytes("[" + string.Join(",", Enumerable.Repeat("{}", 1000)) + "]");
                return new("1000 empty objects", Req(Post("application/reports+json", empties.Length), empties));
            case 10:
                byte[] badUtf8 = [(byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)':', (byte)'1', (byte)'}'];
                return new("invalid UTF-8", Req(Post("application/json", badUtf8.Length), badUtf8));
            case 11: return new("body shorter than Content-Length", Req(Post("application/csp-report", valid.Length + 100), valid), HalfClose: true);
            case 12:
                var flipped = (byte[])valid.Clone();
                flipped[random.Next(flipped.Length)] = (byte)random.Next(256);
                // Its own site: the flip may hit the number in the URL, so these are counted, not matched.
                return new("one byte flipped", Req(Post("application/csp-report", flipped.Length, site: "fuzzflip"), flipped), Flipped: true);
            default:
                return new("preflight asking for authorization", Encoding.ASCII.GetBytes(
                    $"OPTIONS {Path} HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: {"https://site.example"}\r\nAccess-Control-Request-Method: POST\r\nAccess-Control-Request-Headers: authorization, cookie\r\nConnection: close\r\n\r\n"));
        }
    }
}

internal static class RawHttp
{
    /// <summary>Sends the bytes and returns the status code text, or "no answer".</summary>
    public static async Task<string> SendAsync(int port, byte[] request, bool halfClose)
    {
        try
        {
            using var client = new TcpClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
            var stream = client.GetStream();
            try { await stream.WriteAsync(request, timeout.Token); }
            catch (IOException) { } // the server may answer (413) and close before reading everything
            if (halfClose) client.Client.Shutdown(SocketShutdown.Send);
            var buffer = new byte[64];
            var read = 0;
            while (read < 12)
            {
                var n = await stream.ReadAsync(buffer.AsMemory(read), timeout.Token);
                if (n == 0) break;
                read += n;
            }
            var head = Encoding.ASCII.GetString(buffer, 0, read);
            return head.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) && head.Length >= 12 ? head[9..12] : "no answer";
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
        {
            return "no answer";
        }
    }
}
