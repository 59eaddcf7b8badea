using System.Collections.Concurrent;
using System.Globalization;
using Lookout.Benchmarks.Support;
using Azure.Data.Tables;

namespace Lookout.Benchmarks.Scenarios;

/// <summary>
/// POST → row visible, under a steady trickle on local Azurite. Each report carries its sequence
/// number in its URL; its latency is the row's commit time (the service-set Timestamp) minus the
/// moment the client started the POST.
/// </summary>
internal static class Latency
{
    public static async Task<int> RunAsync(Options options)
    {
        await using var azurite = await AzuriteServer.StartAsync();
        var port = FreePorts.Next();
        await using var lookout = await LookoutApp.StartAsync(azurite.ConnectionString,
            new Dictionary<string, string> { [LookoutApp.EveryRow.Key] = LookoutApp.EveryRow.Value }, LookoutApp.Url(port), quiet: true);
        var table = new TableClient(azurite.ConnectionString, "reports");
        using var http = new HttpClient();
        var reportsUrl = new Uri($"http://127.0.0.1:{port}/api/reports");
        await ReportSender.PostAsync(http, reportsUrl, "warmup", ReportSender.CspReports(1));
        await ReportSender.WaitForRowsAsync(table, "warmup", 1, TimeSpan.FromSeconds(60));

        var site = "lat" + Guid.NewGuid().ToString("N")[..12];
        var count = options.Rate * options.Seconds;
        var sentAt = new ConcurrentDictionary<int, DateTimeOffset>();
        var posts = new List<Task>();
        Console.WriteLine($"Latency POST → row visible: {options.Rate} reports/s for {options.Seconds} s ({count} single-report deliveries)");
        using (var timer = new PeriodicTimer(TimeSpan.FromSeconds(1.0 / options.Rate)))
            for (var n = 0; n < count && await timer.WaitForNextTickAsync(); n++)
            {
                sentAt[n] = DateTimeOffset.UtcNow;
                posts.Add(ReportSender.PostAsync(http, reportsUrl, site, ReportSender.CspReports(1, n)));
            }
        await Task.WhenAll(posts);
        await ReportSender.WaitForRowsAsync(table, site, count, TimeSpan.FromMinutes(2));

        var latencies = new List<double>();
        foreach (var row in await ReportSender.RowsAsync(table, site, "Url", "Timestamp"))
        {
            var n = int.Parse(row.GetString("Url")!.Split("?n=")[1], CultureInfo.InvariantCulture);
            latencies.Add((row.Timestamp!.Value - sentAt[n]).TotalMilliseconds);
        }
        Console.WriteLine(FormattableString.Invariant(
            $"| p50 | p90 | p99 | max |\n|---|---|---|---|\n| {Stats.Percentile(latencies, 50):N0} ms | {Stats.Percentile(latencies, 90):N0} ms | {Stats.Percentile(latencies, 99):N0} ms | {latencies.Max():N0} ms |"));
        Console.WriteLine("Targets: p50 < 500 ms, p99 < 2,000 ms.");
        return 0;
    }
}
