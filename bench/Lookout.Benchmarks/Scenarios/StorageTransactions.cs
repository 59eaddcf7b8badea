using Lookout.Benchmarks.Services;
using Lookout.Benchmarks.Support;
using Azure.Data.Tables;

namespace Lookout.Benchmarks.Scenarios;

/// <summary>
/// Storage transactions per report: every request Lookout sends to Azurite (through a counting
/// proxy) while 1,000 reports go through ingest and normalize, sent as 1-report and as 50-report
/// deliveries. Idle polls during the run are counted too: they are part of the bill.
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
        foreach (var perDelivery in new[] { 1, 50 })
        {
            var site = $"tx{perDelivery}x{Guid.NewGuid():N}"[..20];
            queueProxy.Reset();
            tableProxy.Reset();
            var deliveries = Enumerable.Range(0, options.Reports / perDelivery).ToList();
            await Parallel.ForEachAsync(deliveries, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (d, _) =>
                await ReportSender.PostAsync(http, reportsUrl, site, ReportSender.CspReports(perDelivery, d * perDelivery)));
            await ReportSender.WaitForRowsAsync(table, site, options.Reports, TimeSpan.FromMinutes(5));
            var counts = queueProxy.Snapshot().Concat(tableProxy.Snapshot()).OrderBy(c => c.Key).ToList();
            var total = counts.Sum(c => c.Value);
            Console.WriteLine(FormattableString.Invariant(
                $"| {perDelivery}-report deliveries | {total:N0} | {total / (double)options.Reports:N3} | {string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}"))} |"));
        }
        Console.WriteLine("Targets: ≤ 3.1 per report (1-report deliveries), ≤ 0.1 (50-report deliveries).");
        return 0;
    }
}
