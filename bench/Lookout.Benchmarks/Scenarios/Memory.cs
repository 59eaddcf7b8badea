using Lookout.Benchmarks.Support;

namespace Lookout.Benchmarks.Scenarios;

/// <summary>
/// Memory under sustained load: wrk posts reports to Lookout for the whole duration while Lookout's RSS
/// is sampled every second. By default Ingest runs flat out against the Queue stand-in (the path whose
/// load follows traffic); <c>--azurite 1</c> runs the whole pipeline (ingest, poller, normalize) on
/// Azurite instead, where Azurite bounds the rate.
/// </summary>
internal static class Memory
{
    public static async Task<int> RunAsync(Options options)
    {
        var port = FreePorts.Next();
        await using var azurite = options.Azurite == 1 ? await AzuriteServer.StartAsync() : null;
        ChildProcess? standIn = null;
        string storage;
        var settings = new Dictionary<string, string>();
        if (azurite is not null)
            storage = azurite.ConnectionString;
        else
        {
            var standInPort = FreePorts.Next();
            standIn = Self.Start("queue-standin", $"{standInPort}");
            await FreePorts.WaitOpenAsync(standInPort, TimeSpan.FromSeconds(30), () => standIn.Output);
            storage = AzuriteServer.ConnectionStringFor(standInPort, standInPort);
            settings["Lookout__CreateResources"] = "false";
            settings[LookoutApp.NoPoller.Key] = LookoutApp.NoPoller.Value;
        }
        await using var standInProcess = standIn;
        await using var lookout = await LookoutApp.StartAsync(storage, settings, LookoutApp.Url(port), quiet: true);
        var script = Wrk.PostScript(ReportSender.CspReports(5), "application/reports+json");
        var url = new Uri($"http://127.0.0.1:{port}/api/reports?site=memory");
        Console.WriteLine($"Memory: {(azurite is null ? "Ingest on the Queue stand-in" : "whole pipeline on Azurite")}, " +
            $"wrk -t1 -c{options.Connections} for {options.Seconds} s, RSS of Lookout sampled every second");

        var samples = new List<(double Seconds, long Bytes)>();
        var load = Wrk.RunAsync(url, script, 1, options.Connections, TimeSpan.FromSeconds(options.Seconds));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using (var timer = new PeriodicTimer(TimeSpan.FromSeconds(1)))
            while (!load.IsCompleted && await timer.WaitForNextTickAsync())
                samples.Add((clock.Elapsed.TotalSeconds, lookout.Process.ResidentBytes()));
        var result = await load;
        File.Delete(script);

        static double Mb(long bytes) => bytes / 1024.0 / 1024.0;
        var warm = samples.Where(s => s.Seconds >= 10).ToList();
        var firstMinute = warm.Where(s => s.Seconds < 70).Select(s => Mb(s.Bytes)).DefaultIfEmpty().Average();
        var lastMinute = warm.Where(s => s.Seconds >= clock.Elapsed.TotalSeconds - 60).Select(s => Mb(s.Bytes)).DefaultIfEmpty().Average();
        Console.WriteLine($"  load: {result}");
        Console.WriteLine("| RSS after 10 s | mean, first minute | mean, last minute | max |");
        Console.WriteLine("|---|---|---|---|");
        Console.WriteLine(FormattableString.Invariant(
            $"| {Mb(warm.FirstOrDefault().Bytes):N0} MB | {firstMinute:N0} MB | {lastMinute:N0} MB | {Mb(samples.Max(s => s.Bytes)):N0} MB |"));
        Console.WriteLine("Target: flat and under 150 MB.");
        return 0;
    }
}
