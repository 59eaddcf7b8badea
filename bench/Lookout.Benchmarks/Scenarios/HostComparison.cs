using System.Diagnostics;
using Azure.Storage.Queues;
using Lookout.Benchmarks.Support;

namespace Lookout.Benchmarks.Scenarios;

/// <summary>
/// The standalone host beside the real Azure Functions host (LOOKOUT_FUNCTIONS_HOST or func), in one run on
/// one Azurite: cold start (process start → first 204 from POST /api/reports) and resident memory of all
/// the host's processes (host and worker under the Functions host) after 200 more deliveries.
/// </summary>
internal static class HostComparison
{
    public static async Task<int> RunAsync(Options options)
    {
        if (FunctionsHost.Unavailable is { } missing)
        {
            Console.WriteLine($"No Functions host: {missing}.");
            return 2;
        }
        await using var azurite = await AzuriteServer.StartAsync();
        await new QueueClient(azurite.ConnectionString, "lookout-raw").CreateIfNotExistsAsync();
        var app = await FunctionAppPublish.FolderAsync();
        var body = ReportSender.CspReports(1);

        Console.WriteLine($"Standalone vs Functions host, {options.Runs} runs each, same Azurite");
        Console.WriteLine("| host | cold start, median | min | RSS after 200 deliveries, median (all processes) |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var (name, launch) in new (string, Func<ILookoutHost>)[]
                 {
                     ("standalone (JIT build)", () => LookoutApp.Launch(azurite.ConnectionString, quiet: true)),
                     ("Functions host + worker (ReadyToRun publish)", () => FunctionsHost.Launch(app, azurite.ConnectionString)),
                 })
        {
            var starts = new List<double>();
            var memory = new List<double>();
            for (var run = 0; run < options.Runs; run++)
            {
                await using var host = launch();
                starts.Add(await FirstNoContentAsync(host, body));
                await PostAsync(host, body, 200);
                memory.Add(host.Process.ResidentBytes(children: true) / 1024.0 / 1024.0);
            }
            Console.WriteLine(FormattableString.Invariant(
                $"| {name} | {Stats.Median(starts):N0} ms | {starts.Min():N0} ms | {Stats.Median(memory):N0} MiB |"));
        }
        return 0;
    }

    private static async Task<double> FirstNoContentAsync(ILookoutHost host, byte[] body)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(3))
        {
            if (host.Process.HasExited)
                throw new InvalidOperationException($"The host exited: {host.Output}");
            try
            {
                using var content = new ByteArrayContent(body);
                content.Headers.TryAddWithoutValidation("Content-Type", "application/reports+json");
                using var response = await http.PostAsync(host.ReportsUrl, content);
                if ((int)response.StatusCode == 204)
                    return clock.Elapsed.TotalMilliseconds;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(20); // not listening (or not ready) yet
        }
        throw new TimeoutException($"No 204 within 3 minutes: {host.Output}");
    }

    private static async Task PostAsync(ILookoutHost host, byte[] body, int count)
    {
        using var http = new HttpClient();
        for (var i = 0; i < count; i++)
        {
            using var content = new ByteArrayContent(body);
            content.Headers.TryAddWithoutValidation("Content-Type", "application/reports+json");
            using var response = await http.PostAsync(host.ReportsUrl, content);
            if ((int)response.StatusCode != 204)
                throw new InvalidOperationException($"POST answered {(int)response.StatusCode}");
        }
    }
}
