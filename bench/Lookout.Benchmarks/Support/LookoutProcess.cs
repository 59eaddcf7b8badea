namespace Lookout.Benchmarks.Support;

/// <summary>Starts Lookout.Functions standalone (the build next to this program, or a published handler).</summary>
internal static class LookoutProcess
{
    public static string FrameworkDependentDll => Path.Combine(AppContext.BaseDirectory, "Lookout.Functions.dll");
    public static string PublishedHandler => Path.Combine(RepoPaths.Root, "artifacts", "functionapp", "Lookout.Functions");

    public static ChildProcess Start(int port, string storage, IDictionary<string, string>? settings = null, bool published = false)
    {
        var environment = new Dictionary<string, string>(settings ?? new Dictionary<string, string>())
        {
            ["AzureWebJobsStorage"] = storage,
            ["Logging__LogLevel__Default"] = "Warning",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
        };
        return published
            ? ChildProcess.Start(PublishedHandler, [], environment, Path.GetDirectoryName(PublishedHandler))
            : ChildProcess.Start("dotnet", [FrameworkDependentDll], environment);
    }

    public static async Task<ChildProcess> StartReadyAsync(int port, string storage, IDictionary<string, string>? settings = null)
    {
        var process = Start(port, storage, settings);
        await Ports.WaitOpenAsync(port, TimeSpan.FromSeconds(60), () => process.Output);
        return process;
    }
}
