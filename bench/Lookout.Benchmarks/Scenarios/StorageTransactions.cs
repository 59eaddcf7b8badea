using System.Diagnostics;
using Lookout.Benchmarks.Services;
using Lookout.Benchmarks.Support;
using Azure.Data.Tables;

namespace Lookout.Benchmarks.Scenarios;

/// <summary>
/// Storage transactions per report: every request Lookout sends to Azurite (through a counting proxy) while
/// the reports go through ingest and normalize, as 1-report deliveries from <c>--senders</c> concurrent
/// clients and as 50-report deliveries. Idle polls during the run are counted too: they are part of the bill.
/// Then a lone delivery's POST→204 (one client, one request at a time), here and, with <c>--baseline</c>, on
/// an earlier build's standalone host on the same Azurite, interleaved.
/// </summary>
internal static class StorageTransactions
{
    public static async Task<int> RunAsync(Options options)
    {
        await using var azurite = await AzuriteServer.StartAsync();
        await using var queueProxy = await CountingProxy.StartAsync(azurite.QueuePort);
        await using var tableProxy = await CountingProxy.StartAsync(azurite.TablePort);
        var port = FreePorts.Next();
        await using var lookout = await LookoutApp.StartAsync(AzuriteServer.ConnectionStringFor(queueProxy.Port, tableProxy.Port), new Dictionary<string, string> { [LookoutApp.EveryRow.Key] = LookoutApp.EveryRow.Value }, LookoutApp.Url(port), quiet: true);
        var table = new TableClient(azurite.ConnectionString, "reports");
        using var http = new HttpClient();
        var reportsUrl = new Uri($"http://127.0.0.1:{port}/api/reports");
        await ReportSender.PostAsync(http, reportsUrl, "warmup", ReportSender.CspReports(1));
        await ReportSender.WaitForRowsAsync(table, "warmup", 1, TimeSpan.FromSeconds(60));

        Console.WriteLine($"Storage transactions per report ({options.Reports:N0} reports per case, host.json queue settings, volume control off so every report is a row)");
        Console.WriteLine("| case | requests | per report | breakdown |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var (perDelivery, senders) in new[] { (1, options.Senders), (50, 8) })
        {
            var site = $"tx{perDelivery}x{Guid.NewGuid():N}"[..20];
            queueProxy.Reset();
            tableProxy.Reset();
            var deliveries = Enumerable.Range(0, options.Reports / perDelivery).ToList();
            await Parallel.ForEachAsync(deliveries, new ParallelOptions { MaxDegreeOfParallelism = senders }, async (d, _) =>
                await ReportSender.PostAsync(http, reportsUrl, site, ReportSender.CspReports(perDelivery, d * perDelivery)));
            await ReportSender.WaitForRowsAsync(table, site, options.Reports, TimeSpan.FromMinutes(5));
            var counts = queueProxy.Snapshot().Concat(tableProxy.Snapshot()).OrderBy(c => c.Key).ToList();
            var total = counts.Sum(c => c.Value);
            Console.WriteLine(FormattableString.Invariant(
                $"| {perDelivery}-report deliveries, {senders} senders | {total:N0} | {total / (double)options.Reports:N3} | {string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}"))} |"));
        }
        Console.WriteLine("Targets: ≤ 0.3 per report (1-report deliveries, ≥ 16 senders), ≤ 0.07 (50-report deliveries).");

        var lone = await LoneDeliveryAsync(http, reportsUrl, options.Runs);
        Console.WriteLine(FormattableString.Invariant($"Lone delivery POST→204, {options.Runs} sequential posts: p50 {Stats.Percentile(lone, 50):N2} ms, p90 {Stats.Percentile(lone, 90):N2} ms (this build)"));
        if (StandaloneBuild.Of(options) is [var baseline, _])
        {
            var baselinePort = FreePorts.Next();
            await using var earlier = await LookoutApp.StartAsync(azurite.ConnectionString, new Dictionary<string, string>
            {
                ["Lookout__QueueName"] = "baseline-raw",
                ["Lookout__TableName"] = "baselinereports",
                ["Lookout__IssuesTableName"] = "baselineissues",
            }, LookoutApp.Url(baselinePort), quiet: true, assembly: baseline.Dll);
            var earlierUrl = new Uri($"http://127.0.0.1:{baselinePort}/api/reports");
            await ReportSender.PostRetryingAsync(http, earlierUrl, "warmup", ReportSender.CspReports(1));
            // Alternate the two hosts in rounds, so drift of the machine's load hits both alike.
            var mine = new List<double>();
            var theirs = new List<double>();
            for (var round = 0; round < 4; round++)
            {
                theirs.AddRange(await LoneDeliveryAsync(http, earlierUrl, options.Runs / 4));
                mine.AddRange(await LoneDeliveryAsync(http, reportsUrl, options.Runs / 4));
            }
            var (p50Mine, p50Theirs) = (Stats.Percentile(mine, 50), Stats.Percentile(theirs, 50));
            Console.WriteLine(FormattableString.Invariant(
                $"Lone delivery POST→204, interleaved on one Azurite: this build p50 {p50Mine:N2} ms, {baseline.Name} p50 {p50Theirs:N2} ms ({(p50Mine / p50Theirs - 1) * 100:+0.0;-0.0} %; target within +10 %)"));
        }
        return 0;
    }

    private static async Task<List<double>> LoneDeliveryAsync(HttpClient http, Uri reportsUrl, int posts)
    {
        var site = "lone" + Guid.NewGuid().ToString("N")[..10];
        var times = new List<double>(posts);
        for (var n = 0; n < posts; n++)
        {
            var clock = Stopwatch.StartNew();
            await ReportSender.PostAsync(http, reportsUrl, site, ReportSender.CspReports(1, n));
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        return times;
    }
}
