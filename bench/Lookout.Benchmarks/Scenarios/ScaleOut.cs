using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Lookout.Benchmarks.Services;

namespace Lookout.Benchmarks.Scenarios;

/// <summary>
/// Several standalone hosts (pollers on) against one Azurite behind the counting proxies, flooded with
/// 1-report deliveries of 40 issues over many pages for <c>--seconds</c>. Row cap off (the default): every 204
/// must have exactly one row and the digest's counts must equal the rows. <c>--row-cap 1</c> runs volume control
/// as a deployment does: the digest must count every 204 exactly (per issue) and no report may have two rows.
/// The proxies give requests per report, the busiest partitions and queue (requests, entities or messages per
/// second), each one's load per report scaled to 50,000 reports/s as a share of its target (issue 23's bar: at
/// most 20 %), and the share of the digest's entity group transactions refused for an ETag conflict.
/// </summary>
internal static class ScaleOut
{
    private const int Issues = 40;

    /// <summary>The rate docs/capacity.md plans one deployment for; each partition's load per report is scaled to it.</summary>
    private const double PlannedReportsPerSecond = 50_000;

    /// <summary>Documented targets: 2,000 entities/s per table partition, 2,000 messages/s per queue.</summary>
    private const double Target = 2_000;

    /// <summary>Issue 23's bar: no partition or queue above this share of its target at the planned rate.</summary>
    private const double Bar = 0.20;

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
                var settings = new Dictionary<string, string>
                {
                    ["Lookout__DigestShards"] = options.Shards.ToString(System.Globalization.CultureInfo.InvariantCulture),
                };
                if (options.RowCap == 0)
                    settings[LookoutApp.EveryRow.Key] = LookoutApp.EveryRow.Value;
                if (options.PutsPerSecond > 0)
                    settings["Lookout__IngestPutsPerSecond"] = options.PutsPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture);
                hosts.Add(await LookoutApp.StartAsync(proxied, settings, LookoutApp.Url(port), quiet: true));
                urls.Add(new Uri($"http://127.0.0.1:{port}/api/reports"));
            }
            queueProxy.Reset();
            tableProxy.Reset();

            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512 }) { Timeout = TimeSpan.FromSeconds(60) };
            var acknowledged = new ConcurrentDictionary<int, bool>();
            var refused = 0;
            var next = -1;
            var clock = Stopwatch.StartNew();
            var flood = TimeSpan.FromSeconds(options.Seconds);
            // Per-day fixed costs (an issue's first-seen entity, the row cap filling) come in the first seconds
            // whatever the rate; a warm-up keeps them out of the sustained load the bar is about.
            List<KeyValuePair<string, CountingProxy.PartitionLoad>> warmupLoads = [];
            long warmupRequests = 0;
            var warmupReports = 0;
            var warmupSeconds = 0.0;
            var warmup = options.Warmup <= 0 ? Task.CompletedTask : Task.Run(async () =>
            {
                await Task.Delay(TimeSpan.FromSeconds(options.Warmup));
                warmupLoads = [.. queueProxy.Partitions(), .. tableProxy.Partitions()];
                warmupRequests = queueProxy.Snapshot().Values.Sum() + tableProxy.Snapshot().Values.Sum();
                warmupReports = acknowledged.Count;
                warmupSeconds = clock.Elapsed.TotalSeconds;
                queueProxy.Reset();
                tableProxy.Reset();
            });
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
            await warmup;
            var sent = next + 1;
            var floodSeconds = clock.Elapsed.TotalSeconds;

            var table = new TableClient(azurite.ConnectionString, "reports");
            var raw = new QueueClient(azurite.ConnectionString, "lookout-raw");
            var deadline = DateTime.UtcNow.AddMinutes(5);
            while (DateTime.UtcNow < deadline)
            {
                // The queue first: reading every row or digest entity is only worth it once it is drained.
                if ((await raw.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0)
                {
                    var stored = options.RowCap == 0
                        ? (await ReportSender.RowsAsync(table, "scale", "Url")).Count
                        : (await DigestByIssueAsync(azurite.ConnectionString)).Total;
                    if (stored >= acknowledged.Count)
                        break;
                }
                await Task.Delay(250);
            }
            var seconds = clock.Elapsed.TotalSeconds;
            var rows = await ReportSender.RowsAsync(table, "scale", "Url");
            var (digest, perIssue) = await DigestByIssueAsync(azurite.ConnectionString);
            var byReport = rows.GroupBy(r => ReportNumber(r.GetString("Url"))).ToDictionary(g => g.Key, g => g.Count());
            var duplicates = byReport.Values.Sum(c => c - 1);
            var refusedButStored = byReport.Keys.Count(n => !acknowledged.ContainsKey(n));
            // Lost: a 204 without its row (row cap off), or an issue counted short of its 204s (volume control on).
            var expected = acknowledged.Keys.GroupBy(n => n % Issues).ToDictionary(g => g.Key, g => (long)g.Count());
            var lost = options.RowCap == 0
                ? acknowledged.Keys.Count(n => !byReport.ContainsKey(n))
                : expected.Sum(e => Math.Max(0, e.Value - perIssue.GetValueOrDefault(e.Key)));
            var countsExact = options.RowCap == 0
                ? digest == rows.Count
                : expected.Count == perIssue.Count && expected.All(e => perIssue.GetValueOrDefault(e.Key) == e.Value);

            var counts = queueProxy.Snapshot().Concat(tableProxy.Snapshot()).ToList();
            var total = counts.Sum(c => c.Value);
            Console.WriteLine(FormattableString.Invariant(
                $"Scale-out: {options.Hosts} standalone hosts (pollers on), one Azurite, {options.Senders} senders of 1-report deliveries ({Issues} issues, a page each), {options.Shards} digest shard(s), puts/s per host {(options.PutsPerSecond > 0 ? options.PutsPerSecond : "default")}, row cap {(options.RowCap == 0 ? "off" : "on")}, for {floodSeconds:N0} s; drained after {seconds:N0} s"));
            Console.WriteLine("| sent | 204 | 503 | 503 rate | rows | lost | duplicate rows | refused but stored | digest count | reports/s acknowledged |");
            Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
            Console.WriteLine(FormattableString.Invariant(
                $"| {sent} | {acknowledged.Count} | {refused} | {refused / (double)sent:P1} | {rows.Count} | {lost} | {duplicates} | {refusedButStored} | {digest} | {acknowledged.Count / floodSeconds:N0} |"));
            var reports = (double)acknowledged.Count;
            Console.WriteLine(FormattableString.Invariant(
                $"Storage requests: {total + warmupRequests:N0}, {(total + warmupRequests) / reports:N3} per report ({(options.Warmup > 0 ? "after the warm-up: " : "")}{string.Join(", ", counts.OrderBy(c => c.Key).Select(c => $"{c.Key} {c.Value}"))})"));

            if (options.Warmup > 0)
            {
                Console.WriteLine(FormattableString.Invariant($"Warm-up, the first {warmupSeconds:N0} s ({warmupReports:N0} reports), left out of the bar below:"));
                PrintLoads(warmupLoads, warmupReports, warmupSeconds, 4);
            }
            var partitions = queueProxy.Partitions().Concat(tableProxy.Partitions()).ToList();
            var steadyReports = reports - warmupReports;
            var steadySeconds = seconds - warmupSeconds;
            Console.WriteLine(FormattableString.Invariant(
                $"Busiest partitions and queues over the {steadySeconds:N0} s {(options.Warmup > 0 ? "after the warm-up" : "from first post")} to drained ({steadyReports:N0} reports; target: 2,000 entities/s per partition, 2,000 messages/s per queue; at 50,000 reports/s: its load per report x 50,000 / 2,000):"));
            PrintLoads(partitions, steadyReports, steadySeconds, 8);
            var busiest = partitions.OrderByDescending(p => p.Value.Entities).First();
            var underBar = AtPlannedRate(busiest.Value, steadyReports) <= Bar;
            var digestLoads = partitions.Where(p => p.Key.StartsWith("issues/", StringComparison.Ordinal) && p.Key != "issues/issue").Select(p => p.Value).ToList();
            var groups = digestLoads.Sum(l => l.Batches);
            var conflicts = digestLoads.Sum(l => l.ConflictedBatches);
            Console.WriteLine(FormattableString.Invariant(
                $"Digest entity group transactions: {groups}, refused and retried: {conflicts} ({conflicts / (double)Math.Max(1, groups):N3} per group commit)"));
            var holds = lost == 0 && duplicates == 0 && countsExact;
            Console.WriteLine(holds
                ? $"Holds: 0 lost, 0 duplicate rows, digest counts exact ({(options.RowCap == 0 ? "= rows" : "= 204s per issue")})."
                : "DOES NOT HOLD: see lost, duplicate rows, digest count.");
            var share = AtPlannedRate(busiest.Value, steadyReports).ToString("P1", System.Globalization.CultureInfo.InvariantCulture);
            Console.WriteLine(underBar
                ? $"Under the bar: the busiest ({busiest.Key}) takes {share} of its target at 50,000 reports/s (at most 20 %)."
                : $"ABOVE THE BAR: {busiest.Key} would take {share} of its target at 50,000 reports/s (at most 20 %).");
            return holds ? 0 : 1;
        }
        finally
        {
            foreach (var host in hosts)
                await host.DisposeAsync();
        }
    }

    // A partition's entities (or a queue's messages) per acknowledged report, at the planned rate: the bar "no
    // partition above 20 % of its target scaled to the simulated rate", both sides divided by the simulated rate.
    private static double AtPlannedRate(CountingProxy.PartitionLoad load, double reports) => load.Entities / reports * PlannedReportsPerSecond / Target;

    private static void PrintLoads(IEnumerable<KeyValuePair<string, CountingProxy.PartitionLoad>> loads, double reports, double seconds, int top)
    {
        Console.WriteLine("| partition | requests/s | entities or messages/s | per 1,000 reports | share of target at 50,000 reports/s | entity group transactions | refused for a conflict |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var (key, load) in loads.OrderByDescending(p => p.Value.Entities).Take(top))
            Console.WriteLine(FormattableString.Invariant(
                $"| {key} | {load.Requests / seconds:N1} | {load.Entities / seconds:N1} | {load.Entities / reports * 1000:N1} | {AtPlannedRate(load, reports):P1} | {load.Batches} | {load.ConflictedBatches} |"));
    }

    /// <summary>The digest's total count, and per issue (its number, from the blocked host in its title), over every shard.</summary>
    private static async Task<(long Total, Dictionary<int, long> PerIssue)> DigestByIssueAsync(string connectionString)
    {
        var perIssue = new Dictionary<int, long>();
        long total = 0;
        try
        {
            await foreach (var e in new TableClient(connectionString, "issues").QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey", "Count", "Title"]))
            {
                if (e.PartitionKey == "issue" || e.RowKey.StartsWith('~') || e.GetInt64("Count") is not { } count)
                    continue;
                total += count;
                var title = e.GetString("Title") ?? "";
                var at = title.IndexOf("cdn", StringComparison.Ordinal);
                if (at >= 0 && int.TryParse(new string(title[(at + 3)..].TakeWhile(char.IsAsciiDigit).ToArray()), out var issue))
                    perIssue[issue] = perIssue.GetValueOrDefault(issue) + count;
            }
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
        }
        return (total, perIssue);
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
