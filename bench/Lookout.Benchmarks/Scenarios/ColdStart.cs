using System.Diagnostics;
using Lookout.Benchmarks.Support;
using Azure.Storage.Queues;

namespace Lookout.Benchmarks.Scenarios;

/// <summary>
/// Cold start: process start → first 204 from POST /api/reports (queue already created), for the
/// standalone host as built and as published ReadyToRun in artifacts/standalone.
/// </summary>
internal static class ColdStart
{
    public static async Task<int> RunAsync(Options options)
    {
        await using var azurite = await AzuriteServer.StartAsync();
        await new QueueClient(azurite.ConnectionString, "lookout-raw").CreateIfNotExistsAsync();
        var body = ReportSender.CspReports(1);
        var variants = new List<(string Name, bool Published)> { ("JIT build (bench output)", false) };
        if (File.Exists(LookoutApp.Published))
            variants.Add(("ReadyToRun publish (artifacts/standalone)", true));
        else
            Console.WriteLine("No ReadyToRun publish: run `dotnet publish Lookout.Standalone -c Release` to measure it too.");

        Console.WriteLine($"Cold start, process start → first 204, {options.Runs} runs each");
        Console.WriteLine("| build | median | p90 | min |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var (name, published) in variants)
        {
            var times = new List<double>();
            for (var run = 0; run < options.Runs; run++)
                times.Add(await OnceAsync(azurite.ConnectionString, published, body));
            Console.WriteLine(FormattableString.Invariant(
                $"| {name} | {Stats.Median(times):N0} ms | {Stats.Percentile(times, 90):N0} ms | {times.Min():N0} ms |"));
        }
        Console.WriteLine("Target: < 150 ms.");
        return 0;
    }

    private static async Task<double> OnceAsync(string storage, bool published, byte[] body)
    {
        var port = FreePorts.Next();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var url = new Uri($"http://127.0.0.1:{port}/api/reports");
        var clock = Stopwatch.StartNew();
        await using var process = LookoutApp.Launch(storage, new Dictionary<string, string> { [LookoutApp.NoPoller.Key] = LookoutApp.NoPoller.Value },
            LookoutApp.Url(port), published, quiet: true);
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (process.HasExited)
                throw new InvalidOperationException($"Lookout exited: {process.Output}");
            try
            {
                using var content = new ByteArrayContent(body);
                content.Headers.TryAddWithoutValidation("Content-Type", "application/reports+json");
                using var response = await http.PostAsync(url, content);
                if ((int)response.StatusCode == 204)
                    return clock.Elapsed.TotalMilliseconds;
                throw new InvalidOperationException($"First POST answered {(int)response.StatusCode}: {process.Output}");
            }
            catch (HttpRequestException)
            {
                await Task.Delay(2); // not listening yet
            }
        }
        throw new TimeoutException($"No 204 within 30 s: {process.Output}");
    }
}
