using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using Lookout.Benchmarks.Normalize;
using Lookout.Benchmarks.Scenarios;
using Lookout.Benchmarks.Services;

namespace Lookout.Benchmarks;

/// <summary>
/// `dotnet run -c Release --project bench/Lookout.Benchmarks -- &lt;scenario&gt; [options]`;
/// docs/performance.md lists each command and its latest figures.
/// </summary>
internal static class BenchProgram
{
    private const string Usage = """
        Scenarios:
          normalize [BenchmarkDotNet args]      reports/s and allocations vs a bare Utf8JsonReader pass
          ingest [--rounds 3 --seconds 10 --connections 32 --threads 2]
                                                wrk: Lookout vs bare Kestrel, both on a Queue stand-in
          transactions [--reports 1000 --senders 16 --runs 200 --baseline <folder of another Lookout.Standalone build>]
                                                storage requests per report, 1- and 50-report deliveries; lone POST→204
          scale [--hosts 4 --senders 32 --seconds 20 --shards 1 --puts-per-second 0 --row-cap 0 --warmup 0]  hosts on one Azurite: lost/duplicate rows, exact counts, requests per partition/s, conflicts
          latency [--rate 20 --seconds 30]      POST → row visible on Azurite, p50/p99
          coldstart [--runs 10]                 process start → first 204
          hosts [--runs 3]                      standalone vs Functions host: cold start and RSS, same run
          issues [--reports 100000]             100,000 reports of 20 issues drained, volume control on/off: table requests/report, drain rate
          memory [--seconds 300 --connections 8 --azurite 0|1] RSS under sustained load
        Reliability (row cap off; each prints lost/duplicate rows, digest count and max RSS per build;
        --baseline <folder with another Lookout.Standalone build> measures that build first, in the same run):
          fuzz [--requests 21000 --connections 8]  hostile requests: status counts, 5xx (target 0), refused-but-stored, RSS
          outage [--seconds 60 --freeze 20 --connections 4]  storage frozen during steady posting: lost/duplicate rows
          kill [--reports 2000 --kills 7]       SIGKILL the host while a backlog drains: lost/duplicate rows
          overload [--rate 40 --seconds 180]    paced deliveries (browsers do not slow down): 503s, lost/duplicate rows, RSS
          hang [--rate 20 --seconds 60 --freeze 20]  paced deliveries, storage SIGSTOPped for 20 s from second 10
          normalize-loop [seconds]              parse the corpus in a loop (to attach a profiler)
        Roles (started by the scenarios): queue-standin <port>, bare-ingest <port> <storage connection string>
        """;

    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0)
        {
            Console.WriteLine(Usage);
            return 2;
        }
        var rest = args[1..];
        switch (args[0])
        {
            case "normalize":
                var config = DefaultConfig.Instance
                    .AddColumn(new ReportsPerSecondColumn(), new AllocatedPerReportColumn())
                    .WithArtifactsPath(Path.Combine(RepoPaths.Root, "artifacts", "benchmarks"));
                Console.WriteLine($"Corpus: {Corpus.All.Count} deliveries, {Corpus.ReportCount} reports, {Corpus.BodyBytes:N0} bytes; strings kept per report ≈ {Corpus.KeptBytesPerReport:N0} B");
                BenchmarkSwitcher.FromTypes([typeof(NormalizeBenchmarks)]).Run(rest.Contains("--filter") ? rest : [.. rest, "--filter", "*"], config);
                return 0;
            case "normalize-loop":
                // For profilers (perf with DOTNET_PerfMapEnabled=1): parse the corpus for N seconds.
                var seconds = rest.Length > 0 ? double.Parse(rest[0], System.Globalization.CultureInfo.InvariantCulture) : 20;
                var loops = NormalizeBenchmarks.Loop(TimeSpan.FromSeconds(seconds));
                Console.WriteLine($"{loops:N0} passes over the corpus");
                return 0;
            case "ingest":
                return await IngestOverhead.RunAsync(Options.Parse(rest, new Options()));
            case "transactions":
                return await StorageTransactions.RunAsync(Options.Parse(rest, new Options { Runs = 200 }));
            case "scale":
                return await ScaleOut.RunAsync(Options.Parse(rest, new Options { Senders = 32, Seconds = 20 }));
            case "latency":
                return await Latency.RunAsync(Options.Parse(rest, new Options { Seconds = 30 }));
            case "coldstart":
                return await ColdStart.RunAsync(Options.Parse(rest, new Options()));
            case "hosts":
                return await HostComparison.RunAsync(Options.Parse(rest, new Options { Runs = 3 }));
            case "issues":
                return await IssueDrain.RunAsync(Options.Parse(rest, new Options { Reports = 100_000 }));
            case "fuzz":
                return await Reliability.FuzzAsync(Options.Parse(rest, new Options { Connections = 8 }));
            case "outage":
                return await Reliability.OutageAsync(Options.Parse(rest, new Options { Seconds = 60, Connections = 4 }));
            case "kill":
                return await Reliability.KillAsync(Options.Parse(rest, new Options { Reports = 2000 }));
            case "overload":
                return await Reliability.OverloadAsync(Options.Parse(rest, new Options { Rate = 40, Seconds = 180 }));
            case "hang":
                return await Reliability.HangAsync(Options.Parse(rest, new Options { Rate = 20, Seconds = 60 }));
            case "memory":
                return await Memory.RunAsync(Options.Parse(rest, new Options { Seconds = 300, Connections = 8 }));
            case "queue-standin":
                await QueueStandIn.Build(int.Parse(rest[0], System.Globalization.CultureInfo.InvariantCulture)).RunAsync();
                return 0;
            case "bare-ingest":
                await BareIngest.Build(int.Parse(rest[0], System.Globalization.CultureInfo.InvariantCulture), rest[1]).RunAsync();
                return 0;
            default:
                Console.WriteLine(Usage);
                return 2;
        }
    }
}
