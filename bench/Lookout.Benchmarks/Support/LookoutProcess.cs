namespace Lookout.Benchmarks.Support;

/// <summary>Starts Lookout's standalone host: the build next to this program, or the ReadyToRun publish.</summary>
internal static class LookoutProcess
{
    public static string FrameworkDependentDll => Path.Combine(AppContext.BaseDirectory, "Lookout.Standalone.dll");

    /// <summary>What `dotnet publish Lookout.Standalone -c Release` writes (ReadyToRun, linux-x64).</summary>
    public static string Published => Path.Combine(RepoPaths.Root, "artifacts", "standalone", "Lookout.Standalone.dll");

    /// <summary>Setting that leaves the queue poller out (Ingest alone).</summary>
    public static readonly KeyValuePair<string, string> NoPoller = new("Lookout__Standalone__Poller", "false");

    /// <summary>Volume control off: scenarios that wait for every report's row (bench reports share an issue).</summary>
    public static readonly KeyValuePair<string, string> EveryRow = new("Lookout__MaxRowsPerIssuePerDay", "0");

    public static ChildProcess Start(int port, string storage, IDictionary<string, string>? settings = null, bool published = false, string? dll = null)
    {
        var environment = new Dictionary<string, string>(settings ?? new Dictionary<string, string>())
        {
            ["AzureWebJobsStorage"] = storage,
            ["Logging__LogLevel__Default"] = "Warning",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
        };
        return ChildProcess.Start("dotnet", [dll ?? (published ? Published : FrameworkDependentDll)], environment);
    }

    public static async Task<ChildProcess> StartReadyAsync(int port, string storage, IDictionary<string, string>? settings = null, string? dll = null)
    {
        var process = Start(port, storage, settings, dll: dll);
        await FreePorts.WaitOpenAsync(port, TimeSpan.FromSeconds(60), () => process.Output);
        return process;
    }
}
