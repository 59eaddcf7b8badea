using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Lookout.Benchmarks.Services;

namespace Lookout.Benchmarks.Scenarios;

/// <summary>
/// Several standalone hosts (pollers on) against one Azurite behind the counting proxies, flooded with
/// 1-report deliveries of 40 issues over many pages for <c>--seconds</c>: every 204 must have exactly one row,
/// the digest's counts must equal the rows (row cap off), and the proxies give requests per report, the
/// busiest partitions and queue (requests, entities or messages per second) and the share of the digest's
/// entity group transactions refused for an ETag conflict (another host wrote the issue first) or a marker.
/// </summary>
internal static class ScaleOut
{
    private const int Issues = 40;

    public static async Task<int> RunAsync(Options options)
    {
        await using var azurite = await AzuriteServer.StartAsync();
        await using var queueProxy = await CountingProxy.StartAsync(azurite.QueuePort);
        await using var tableProxy = await CountingProxy.StartAsync(azurite.TablePort);
        var proxied = AzuriteServer.ConnectionStringFor(queueProxy.Port, tableProxy.Port);
        var hosts = new List<LookoutApp>();
        var urls = new List<Uri>();
        try
        {
            for (var h = 0; h < options.Hosts; h++)
            {
                var port = FreePorts.Next();
                hosts.Add(await LookoutApp.StartAsync(proxied, new Dictionary<string, string>
                {
                    [LookoutApp.EveryRow.Key] = LookoutApp.EveryRow.Value,
                    ["Lookout__DigestShards"] = options.Shards.ToString(System.Globalization.CultureInfo.InvariantCulture),
                }, LookoutApp.Url(port), quiet: true));
                urls.Add(new Uri($"http://127.0.0.1:{port}/api/reports"));
            }
            queueProxy.Reset();
            tableProxy.Reset();

            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 });
            var acknowledged = new ConcurrentDictionary<int, bool>();
            var refused = 0;
            var next = -1;
            var clock = Stopwatch.StartNew();
            var flood = TimeSpan.FromSeconds(options.Seconds);
            await Task.WhenAll(Enumerable.Range(0, options.Senders).Select(async sender =>
            {
                while (clock.Elapsed < flood)
                {
                    var n = Interlocked.Increment(ref next);
                    using var content = new ByteArrayContent(Encoding.UTF8.GetBytes("[" + Report(n) + "]"));
                    content.Headers.TryAddWithoutValidation("Content-Type", "application/reports+json");
                    using var response = await http.PostAsync(new Uri(urls[n % urls.Count] + "?site=scale"), content);
                    if ((int)response.StatusCode == 204)
                        acknowledged[n] = true;
                    else
                        Interlocked.Increment(ref refused);
                }
            }));
            var sent = next + 1;
            var floodSeconds = clock.Elapsed.TotalSeconds;

            var table = new TableClient(azurite.ConnectionString, "reports");
            var raw = new QueueClient(azurite.ConnectionString, "lookout-raw");
            var rows = new List<TableEntity>();
            var deadline = DateTime.UtcNow.AddMinutes(5);
            while (DateTime.UtcNow < deadline)
            {
                rows = await ReportSender.RowsAsync(table, "scale", "Url");
                if (rows.Count >= acknowledged.Count && (await raw.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0)
                    break;
                await Task.Delay(250);
            }
            var seconds = clock.Elapsed.TotalSeconds;
            var byReport = rows.GroupBy(r => ReportNumber(r.GetString("Url"))).ToDictionary(g => g.Key, g => g.Count());
            var lost = acknowledged.Keys.Count(n => !byReport.ContainsKey(n));
            var duplicates = byReport.Values.Sum(c => c - 1);
            var refusedButStored = byReport.Keys.Count(n => !acknowledged.ContainsKey(n));
            var digest = await ReliabilityResult.DigestCountAsync(azurite.ConnectionString);

            var counts = queueProxy.Snapshot().Concat(tableProxy.Snapshot()).ToList();
            var total = counts.Sum(c => c.Value);
            Console.WriteLine(FormattableString.Invariant(
                $"Scale-out: {options.Hosts} standalone hosts (pollers on), one Azurite, {options.Senders} senders of 1-report deliveries ({Issues} issues, a page each), {options.Shards} digest shard(s), for {floodSeconds:N0} s; drained after {seconds:N0} s"));
            Console.WriteLine("| sent | 204 | 503 | 503 rate | rows | lost | duplicate rows | refused but stored | digest count | reports/s acknowledged |");
            Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
            Console.WriteLine(FormattableString.Invariant(
                $"| {sent} | {acknowledged.Count} | {refused} | {refused / (double)sent:P1} | {rows.Count} | {lost} | {duplicates} | {refusedButStored} | {digest} | {acknowledged.Count / floodSeconds:N0} |"));
            Console.WriteLine(FormattableString.Invariant(
                $"Storage requests: {total:N0}, {total / (double)rows.Count:N3} per report ({string.Join(", ", counts.OrderBy(c => c.Key).Select(c => $"{c.Key} {c.Value}"))})"));

            var partitions = queueProxy.Partitions().Concat(tableProxy.Partitions()).ToList();
            Console.WriteLine($"Busiest partitions and queues over the {seconds:N0} s from first post to drained (target: 2,000 entities/s per partition, 2,000 messages/s per queue):");
            Console.WriteLine("| partition | requests/s | entities or messages/s | share of target | entity group transactions | refused for a conflict |");
            Console.WriteLine("|---|---|---|---|---|---|");
            foreach (var (key, load) in partitions.OrderByDescending(p => p.Value.Entities).Take(6))
                Console.WriteLine(FormattableString.Invariant(
                    $"| {key} | {load.Requests / seconds:N1} | {load.Entities / seconds:N1} | {load.Entities / seconds / 2000:P1} | {load.Batches} | {load.ConflictedBatches} |"));
            var digestLoads = partitions.Where(p => p.Key.StartsWith("issues/", StringComparison.Ordinal) && p.Key != "issues/issue").Select(p => p.Value).ToList();
            var groups = digestLoads.Sum(l => l.Batches);
            var conflicts = digestLoads.Sum(l => l.ConflictedBatches);
            Console.WriteLine(FormattableString.Invariant(
                $"Digest entity group transactions: {groups}, refused and retried: {conflicts} ({conflicts / (double)Math.Max(1, groups):N3} per group commit)"));
            var holds = lost == 0 && duplicates == 0 && digest == rows.Count;
            Console.WriteLine(holds ? "Holds: 0 lost, 0 duplicate rows, digest count = rows." : "DOES NOT HOLD: see lost, duplicate rows, digest count vs rows.");
            return holds ? 0 : 1;
        }
        finally
        {
            foreach (var host in hosts)
                await host.DisposeAsync();
        }
    }

    /// <summary>A Reporting API csp-violation of one of <see cref="Issues"/> blocked hosts on its own page.</summary>
    private static string Report(int n) =>
        "{\"age\":12,\"body\":{\"blockedURL\":\"https://cdn" + (n % Issues) + ".example/img.png\",\"disposition\":\"enforce\"," +
        $"\"documentURL\":\"https://scale.example/page?n={n}\",\"effectiveDirective\":\"img-src\"," +
        "\"originalPolicy\":\"img-src 'none'\",\"statusCode\":200},\"type\":\"csp-violation\"," +
        $"\"url\":\"https://scale.example/page?n={n}\",\"user_agent\":\"Mozilla/5.0 (X11; Linux x86_64) Chrome/142.0.0.0 Safari/537.36\"}}";

    private static int ReportNumber(string? url) =>
        url is not null && url.LastIndexOf("?n=", StringComparison.Ordinal) is var at and >= 0 && int.TryParse(url[(at + 3)..], out var n) ? n : -1;
}
