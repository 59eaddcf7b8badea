using System.Diagnostics;
using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Lookout.Benchmarks.Services;
using Lookout.Benchmarks.Support;

namespace Lookout.Benchmarks.Scenarios;

/// <summary>
/// Issue grouping at volume: 100,000 reports of 20 issues (50-report deliveries) are queued with the poller
/// off, then one Lookout drains the backlog while a counting proxy counts every request it makes to the
/// table service. Run twice: volume control on (100 rows per issue per day) and off (a row per report).
/// </summary>
internal static class IssueDrain
{
    private const int Issues = 20;
    private const int PerDelivery = 50;

    public static async Task<int> RunAsync(Options options)
    {
        var reports = options.Reports;
        await using var azurite = await AzuriteServer.StartAsync();
        await using var tableProxy = await CountingProxy.StartAsync(azurite.TablePort);
        var viaProxy = AzuriteServer.ConnectionStringFor(azurite.QueuePort, tableProxy.Port);
        Console.WriteLine($"Issue drain: {reports:N0} reports of {Issues} issues in {PerDelivery}-report deliveries, host.json queue settings");
        Console.WriteLine("| volume control | drain | reports/s | table requests | per report | rows written | digest entities | counted |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var cap in new[] { 100, 0 })
        {
            // Each case on a fresh Azurite would be fairer still; one instance keeps the run short, and the
            // case order (capped first) favours the uncapped run, if anything.
            var run = $"d{cap}x{Guid.NewGuid():N}"[..12];
            var settings = new Dictionary<string, string>
            {
                ["Lookout__QueueName"] = "raw-" + run,
                ["Lookout__TableName"] = "reports" + run,
                ["Lookout__IssuesTableName"] = "issues" + run,
                ["Lookout__MaxRowsPerIssuePerDay"] = cap.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            await FillBacklogAsync(viaProxy, settings, run, reports);

            var queue = new QueueClient(azurite.ConnectionString, "raw-" + run);
            tableProxy.Reset();
            var clock = Stopwatch.StartNew();
            var port = FreePorts.Next();
            await using (var lookout = await LookoutApp.StartAsync(viaProxy, settings, LookoutApp.Url(port), quiet: true))
            {
                while ((await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount > 0)
                    await Task.Delay(100);
            }
            clock.Stop();
            var requests = tableProxy.Snapshot().Where(c => c.Key.StartsWith("table", StringComparison.Ordinal)).Sum(c => c.Value);
            var rows = await CountAsync(new TableClient(azurite.ConnectionString, "reports" + run));
            var (entities, counted) = await DigestAsync(new TableClient(azurite.ConnectionString, "issues" + run));
            Console.WriteLine(FormattableString.Invariant(
                $"| {(cap > 0 ? $"on ({cap}/issue/day)" : "off")} | {clock.Elapsed.TotalSeconds:N1} s | {reports / clock.Elapsed.TotalSeconds:N0} | {requests:N0} | {requests / (double)reports:N4} | {rows:N0} | {entities} | {counted:N0} |"));
        }
        Console.WriteLine("Target: ≤ 0.05 table requests per report with volume control on.");
        return 0;
    }

    private static async Task FillBacklogAsync(string storage, Dictionary<string, string> settings, string run, int reports)
    {
        var port = FreePorts.Next();
        await using var ingest = await LookoutApp.StartAsync(storage,
            new Dictionary<string, string>(settings) { [LookoutApp.NoPoller.Key] = LookoutApp.NoPoller.Value }, LookoutApp.Url(port), quiet: true);
        using var http = new HttpClient();
        var url = new Uri($"http://127.0.0.1:{port}/api/reports");
        await Parallel.ForEachAsync(Enumerable.Range(0, reports / PerDelivery), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (d, _) =>
        {
            var body = new StringBuilder("[");
            for (var i = 0; i < PerDelivery; i++)
            {
                var n = d * PerDelivery + i;
                body.Append(i == 0 ? "" : ",").Append(ReportSender.CspReport(n).Replace("/page?", $"/page{n % Issues}?", StringComparison.Ordinal));
            }
            await ReportSender.PostRetryingAsync(http, url, run, Encoding.UTF8.GetBytes(body.Append(']').ToString()));
        });
    }

    private static async Task<long> CountAsync(TableClient table)
    {
        long n = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(select: ["PartitionKey"]))
            n++;
        return n;
    }

    private static async Task<(int Entities, long Counted)> DigestAsync(TableClient table)
    {
        var entities = 0;
        long counted = 0;
        await foreach (var e in table.QueryAsync<TableEntity>())
        {
            entities++;
            counted += e.GetInt64("Count") ?? 0;
        }
        return (entities, counted);
    }
}
