namespace Lookout.Tests.Support;

/// <summary>
/// Lookout's standalone host (the function app's functions without the Functions host) started as a real
/// process, the same binary ./run-local.sh runs, with its settings as environment variables exactly as a
/// shell or app settings would pass them. The one launcher of tests and benchmarks.
/// </summary>
public sealed class LookoutApp : ILookoutHost
{
    private LookoutApp(ChildProcess process, Uri baseUrl)
    {
        Process = process;
        BaseUrl = baseUrl;
    }

    public ChildProcess Process { get; }
    public Uri BaseUrl { get; }
    public Uri ReportsUrl => new(BaseUrl, "/api/reports");
    public Uri HealthUrl => new(BaseUrl, "/api/health");
    public string Output => Process.Output;
    public int ProcessId => Process.Id;
    public bool HasExited => Process.HasExited;

    /// <summary>The address on a loopback port.</summary>
    public static string Url(int port) => $"http://127.0.0.1:{port}";

    /// <summary>Path of the standalone host's entry assembly, built beside the tests (or the benchmarks).</summary>
    public static string Assembly => Path.Combine(AppContext.BaseDirectory, "Lookout.Standalone.dll");

    /// <summary>What `dotnet publish Lookout.Standalone -c Release` writes (ReadyToRun, linux-x64).</summary>
    public static string Published => Path.Combine(RepoPaths.Root, "artifacts", "standalone", "Lookout.Standalone.dll");

    /// <summary>Setting that leaves the queue poller out (Ingest alone).</summary>
    public static readonly KeyValuePair<string, string> NoPoller = new("Lookout__Standalone__Poller", "false");

    /// <summary>Volume control off: runs that wait for every report's row (bench reports share an issue).</summary>
    public static readonly KeyValuePair<string, string> EveryRow = new("Lookout__MaxRowsPerIssuePerDay", "0");

    /// <summary>
    /// The GC's gen0 budget as run-local.sh sets it (docs/performance.md, "Memory"): without it workstation GC sizes
    /// gen0 from the L3 cache (32 MB here) and the reliability suite peaked at 145–155 MB; with 4 MB at 132–136 MB.
    /// An environment variable only: the runtime reads this setting from nowhere else.
    /// </summary>
    public static readonly KeyValuePair<string, string> Gen0Budget = new("DOTNET_GCgen0size", "0x400000");

    /// <summary>
    /// Starts the app and waits until it answers on <c>/api/health</c> (with any status: storage may be down
    /// on purpose). <paramref name="urls"/> replaces the default free-port HTTP address.
    /// </summary>
    public static async Task<LookoutApp> StartAsync(string storageConnectionString, IDictionary<string, string>? settings = null, string? urls = null, bool quiet = false,
        string? assembly = null)
    {
        var app = Launch(storageConnectionString, settings, urls, quiet: quiet, assembly: assembly);
        await app.WaitUntilListeningAsync();
        return app;
    }

    /// <summary>
    /// Starts the process without waiting (a cold-start measurement waits its own way). <paramref name="published"/>
    /// runs the ReadyToRun publish; <paramref name="quiet"/> logs warnings only (benchmarks: no per-request lines);
    /// <paramref name="assembly"/> runs another build of Lookout.Standalone (a benchmark's baseline).
    /// </summary>
    public static LookoutApp Launch(string storageConnectionString, IDictionary<string, string>? settings = null, string? urls = null,
        bool published = false, bool quiet = false, string? assembly = null)
    {
        urls ??= $"http://127.0.0.1:{FreePorts.Next()}";
        var environment = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = storageConnectionString,
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["Logging__LogLevel__Default"] = quiet ? "Warning" : "Information",
            ["ASPNETCORE_URLS"] = null,
            [Gen0Budget.Key] = Gen0Budget.Value,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            environment[key] = value;
        var process = ChildProcess.Start("dotnet", [assembly ?? (published ? Published : Assembly), $"--urls={urls}"], environment);
        return new LookoutApp(process, new Uri(urls.Split(';')[0]));
    }

    private async Task WaitUntilListeningAsync()
    {
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (Process.HasExited)
                throw new InvalidOperationException($"Lookout exited with {Process.ExitCode}:\n{Output}");
            try
            {
                using var response = await client.GetAsync(HealthUrl);
                return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(50);
        }
        throw new TimeoutException($"Lookout did not answer on {BaseUrl} within 60 s:\n{Output}");
    }

    public Task KillAsync() => Process.KillAsync();

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
