using System.Globalization;
using Azure.Data.Tables;
using Lookout.Benchmarks.Support;
using Lookout.Functions.Storage;

namespace Lookout.Benchmarks.Scenarios;

/// <summary>A standalone build under test: this repository's, or another one built into a folder (<c>--baseline</c>).</summary>
internal sealed record StandaloneBuild(string Name, string Dll)
{
    public static StandaloneBuild Current => new("this build", LookoutApp.Assembly);

    /// <summary>The builds one run measures: the baseline first (when given), then this build, each on its own Azurite.</summary>
    public static IReadOnlyList<StandaloneBuild> Of(Options options) =>
        options.Baseline is { } folder
            ? [new StandaloneBuild("baseline " + Path.GetFileName(Path.TrimEndingDirectorySeparator(folder)), Path.Combine(folder, "Lookout.Standalone.dll")), Current]
            : [Current];
}

/// <summary>
/// One reliability scenario on one build. Lost = acknowledged (204) without a row; duplicate = a report with
/// more than one row; refused but stored = not acknowledged, stored anyway (allowed: at least once); digest
/// count = the sum of the digest's counts (row cap off, so it should equal the rows); backlog and poison = raw
/// and poison queue depths when the run ended (an acknowledged report still in the backlog is late, not lost:
/// the run ran out of time; one in poison is lost until replayed).
/// </summary>
internal sealed record ReliabilityResult(string Scenario, string Build)
{
    public int Sent { get; init; }
    public int Acknowledged { get; init; }
    public int Refused503 { get; init; }
    public int Rows { get; init; }
    public int Lost { get; init; }
    public int Duplicates { get; init; }
    public int RefusedButStored { get; init; }
    public long DigestCount { get; init; }
    public long MaxRssBytes { get; init; }
    public int Backlog { get; init; }
    public int Poison { get; init; }
    /// <summary>The machine's 1-minute load average at the end (shared 2-core machine: context for every figure).</summary>
    public string Load { get; init; } = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "";
    /// <summary>Scenario-specific figures (5xx answers, kills, poison messages, …).</summary>
    public string Notes { get; init; } = "";

    public const long RssTargetBytes = 150L * 1024 * 1024;

    /// <summary>The scenario's own checks (fuzz: no 5xx, nothing refused stored).</summary>
    public bool ScenarioHolds { get; init; } = true;

    public bool Holds => ScenarioHolds && Lost == 0 && Duplicates == 0 && MaxRssBytes < RssTargetBytes;

    public static void Print(IReadOnlyList<ReliabilityResult> results)
    {
        Console.WriteLine("| scenario | build | sent | 204 | 503 | rows | lost | duplicate rows | refused but stored | digest count | backlog | poison | max RSS | load | notes |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in results)
            Console.WriteLine(FormattableString.Invariant(
                $"| {r.Scenario} | {r.Build} | {r.Sent} | {r.Acknowledged} | {r.Refused503} | {r.Rows} | {r.Lost} | {r.Duplicates} | {r.RefusedButStored} | {r.DigestCount} | {r.Backlog} | {r.Poison} | {r.MaxRssBytes / 1024.0 / 1024.0:N0} MB | {r.Load} | {r.Notes} |"));
        Console.WriteLine("Target: 0 lost, 0 duplicate rows, max RSS < 150 MB.");
    }

    /// <summary>Runs <paramref name="scenario"/> on every build of the run, prints one table; exit code 0 when this build holds.</summary>
    public static async Task<int> RunAsync(Options options, Func<Options, StandaloneBuild, Task<ReliabilityResult>> scenario)
    {
        var results = new List<ReliabilityResult>();
        foreach (var build in StandaloneBuild.Of(options))
        {
            Console.WriteLine($"-- {build.Name}: {build.Dll}");
            results.Add(await scenario(options, build));
        }
        Print(results);
        return results[^1].Holds ? 0 : 1;
    }

    /// <summary>This result with what storage holds at the end: the digest's count and the queue depths.</summary>
    public async Task<ReliabilityResult> WithStorageAsync(string connectionString)
    {
        var (backlog, poison) = await QueueDepthsAsync(connectionString);
        return this with { DigestCount = await DigestCountAsync(connectionString), Backlog = backlog, Poison = poison };
    }

    /// <summary>Raw and poison queue depths (approximate counts include messages being processed).</summary>
    public static async Task<(int Backlog, int Poison)> QueueDepthsAsync(string connectionString)
    {
        static async Task<int> DepthAsync(Azure.Storage.Queues.QueueClient queue) =>
            (await queue.ExistsAsync()).Value ? (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount : 0;
        return (await DepthAsync(new(connectionString, "lookout-raw")), await DepthAsync(new(connectionString, "lookout-raw-poison")));
    }

    /// <summary>The sum of every digest entity's count (each scenario has its own Azurite).</summary>
    public static async Task<long> DigestCountAsync(string connectionString)
    {
        var issues = new TableClient(connectionString, "issues");
        long total = 0;
        try
        {
            await foreach (var e in issues.QueryAsync<TableEntity>(select: [DigestColumns.Count]))
                total += e.GetInt64(DigestColumns.Count) ?? 0;
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
        }
        return total;
    }
}

/// <summary>Samples the RSS of the Lookout process being watched once a second (a restarted process replaces the last); keeps the maximum.</summary>
internal sealed class RssSampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private ChildProcess? _process;
    private long _max;

    public RssSampler() => _loop = LoopAsync();

    public long MaxBytes => Interlocked.Read(ref _max);

    public void Watch(ChildProcess process)
    {
        _process = process;
        Sample();
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
                Sample();
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Sample()
    {
        try
        {
            if (_process is { HasExited: false } process)
            {
                var rss = process.ResidentBytes();
                long seen;
                while (rss > (seen = Interlocked.Read(ref _max)) && Interlocked.CompareExchange(ref _max, rss, seen) != seen) { }
            }
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            // The process ended between the check and the read (a kill).
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    public static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("N0", CultureInfo.InvariantCulture) + " MB";
}
