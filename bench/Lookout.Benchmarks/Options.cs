using System.Globalization;

namespace Lookout.Benchmarks;

/// <summary>Scenario knobs, from `--name value` pairs; defaults are the documented runs.</summary>
internal sealed record Options
{
    public int Threads { get; init; } = 2;
    public int Connections { get; init; } = 32;
    public int Rounds { get; init; } = 3;
    public int Seconds { get; init; } = 10;
    public int Reports { get; init; } = 1000;
    public int Rate { get; init; } = 20;
    public int Runs { get; init; } = 10;
    /// <summary>Memory: 1 runs the whole pipeline on Azurite instead of Ingest on the Queue stand-in.</summary>
    public int Azurite { get; init; }
    /// <summary>Fuzz: hostile requests sent.</summary>
    public int Requests { get; init; } = 21000;
    /// <summary>Outage: seconds storage stays frozen.</summary>
    public int Freeze { get; init; } = 20;
    /// <summary>Kill: SIGKILLs of the draining host.</summary>
    public int Kills { get; init; } = 7;
    /// <summary>Transactions: concurrent senders of 1-report deliveries.</summary>
    public int Senders { get; init; } = 16;
    /// <summary>Scale: standalone hosts started against the one Azurite.</summary>
    public int Hosts { get; init; } = 4;
    /// <summary>Scale: Lookout__DigestShards of the hosts.</summary>
    public int Shards { get; init; } = 1;
    /// <summary>Scale: Lookout__IngestPutsPerSecond of the hosts (0 leaves the app's default).</summary>
    public int PutsPerSecond { get; init; }
    /// <summary>Scale: 1 keeps volume control on (the default row cap), as a deployment runs; 0 stores every report as a row.</summary>
    public int RowCap { get; init; }
    /// <summary>Scale: seconds of flood whose storage load is shown apart and left out of the bar (per-day fixed costs).</summary>
    public int Warmup { get; init; }
    /// <summary>Reliability scenarios and transactions: a folder holding another Lookout.Standalone build, measured first in the same run.</summary>
    public string? Baseline { get; init; }

    public static Options Parse(IReadOnlyList<string> args, Options defaults)
    {
        var options = defaults;
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            if (args[i] == "--baseline")
            {
                options = options with { Baseline = Path.GetFullPath(args[i + 1]) };
                continue;
            }
            var value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            options = args[i] switch
            {
                "--threads" => options with { Threads = value },
                "--connections" => options with { Connections = value },
                "--rounds" => options with { Rounds = value },
                "--seconds" => options with { Seconds = value },
                "--reports" => options with { Reports = value },
                "--rate" => options with { Rate = value },
                "--runs" => options with { Runs = value },
                "--azurite" => options with { Azurite = value },
                "--requests" => options with { Requests = value },
                "--freeze" => options with { Freeze = value },
                "--kills" => options with { Kills = value },
                "--senders" => options with { Senders = value },
                "--hosts" => options with { Hosts = value },
                "--shards" => options with { Shards = value },
                "--puts-per-second" => options with { PutsPerSecond = value },
                "--row-cap" => options with { RowCap = value },
                "--warmup" => options with { Warmup = value },
                _ => throw new ArgumentException($"Unknown option {args[i]}."),
            };
        }
        return options;
    }
}
