using Lookout.Benchmarks.Support;

namespace Lookout.Benchmarks.Scenarios;

/// <summary>
/// Ingest overhead: wrk against Lookout's POST /api/reports and against a bare Kestrel endpoint,
/// both queueing onto the same Queue stand-in, in alternating rounds of one run.
/// </summary>
internal static class IngestOverhead
{
    public static async Task<int> RunAsync(Options options)
    {
        var body = File.ReadAllBytes(Path.Combine(RepoPaths.PublishedFixtures, "csp-violation", "go-csp-collector-1.json"));
        var script = Wrk.PostScript(body, "application/reports+json");
        int standInPort = FreePorts.Next(), barePort = FreePorts.Next(), lookoutPort = FreePorts.Next();

        await using var standIn = Self.Start("queue-standin", $"{standInPort}");
        await FreePorts.WaitOpenAsync(standInPort, TimeSpan.FromSeconds(30), () => standIn.Output);
        await using var bare = Self.Start("bare-ingest", $"{barePort}", AzuriteServer.ConnectionStringFor(standInPort, standInPort));
        await using var lookout = LookoutApp.Launch(AzuriteServer.ConnectionStringFor(standInPort, standInPort), new Dictionary<string, string>
        {
            ["Lookout__CreateResources"] = "false",
            [LookoutApp.NoPoller.Key] = LookoutApp.NoPoller.Value,
        }, LookoutApp.Url(lookoutPort), quiet: true);
        await FreePorts.WaitOpenAsync(barePort, TimeSpan.FromSeconds(30), () => bare.Output);
        await FreePorts.WaitOpenAsync(lookoutPort, TimeSpan.FromSeconds(60), () => lookout.Output);

        var targets = new (string Name, Uri Url)[]
        {
            ("bare Kestrel", new Uri($"http://127.0.0.1:{barePort}/api/reports")),
            ("Lookout", new Uri($"http://127.0.0.1:{lookoutPort}/api/reports")),
        };
        var results = targets.ToDictionary(t => t.Name, _ => new List<WrkResult>());
        Console.WriteLine($"Ingest overhead: wrk -t{options.Threads} -c{options.Connections}, {options.Rounds} rounds of {options.Seconds} s per target, body {body.Length} B");
        foreach (var target in targets)
            await Wrk.RunAsync(target.Url, script, options.Threads, options.Connections, TimeSpan.FromSeconds(3)); // warm-up (JIT, connections)
        for (var round = 1; round <= options.Rounds; round++)
            foreach (var target in round % 2 == 1 ? targets : targets.Reverse())
            {
                var result = await Wrk.RunAsync(target.Url, script, options.Threads, options.Connections, TimeSpan.FromSeconds(options.Seconds));
                results[target.Name].Add(result);
                Console.WriteLine($"  round {round} {target.Name,-13} {result}");
            }

        double MedianOf(string name, Func<WrkResult, double> metric) => Stats.Median(results[name].Select(metric).ToList());
        var bareRps = MedianOf("bare Kestrel", r => r.RequestsPerSecond);
        var lookoutRps = MedianOf("Lookout", r => r.RequestsPerSecond);
        Console.WriteLine();
        Console.WriteLine("| endpoint | median req/s | median p99 |");
        Console.WriteLine("|---|---|---|");
        foreach (var target in targets)
            Console.WriteLine(FormattableString.Invariant(
                $"| {target.Name} | {MedianOf(target.Name, r => r.RequestsPerSecond):N0} | {MedianOf(target.Name, r => r.P99Ms):N2} ms |"));
        Console.WriteLine(FormattableString.Invariant($"Lookout / bare = {lookoutRps / bareRps:N2}× (target ≥ 0.80×)"));
        var failures = results.Values.SelectMany(r => r).Sum(r => r.Non2xx + r.SocketErrors);
        if (failures > 0)
            Console.WriteLine($"warning: {failures} non-2xx answers or socket errors");
        File.Delete(script);
        return 0;
    }
}
