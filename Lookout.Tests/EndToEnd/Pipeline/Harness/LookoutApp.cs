using System.Diagnostics;
using System.Net;
using System.Text;
using Lookout.Tests.Support;

namespace Lookout.Tests.Pipeline.Harness;

/// <summary>
/// Lookout's standalone host (the function app's functions without the Functions host) started as a real
/// process on a free port, the same binary ./run-local.sh runs, with its settings as environment variables
/// exactly as a shell or app settings would pass them.
/// </summary>
public sealed class LookoutApp : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private LookoutApp(Process process, Uri baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }
    public Uri ReportsUrl => new(BaseUrl, "/api/reports");
    public Uri HealthUrl => new(BaseUrl, "/api/health");
    public string Output { get { lock (_output) return _output.ToString(); } }
    public int ProcessId => _process.Id;
    public bool HasExited => _process.HasExited;

    /// <summary>Path of the standalone host's entry assembly, built beside the tests.</summary>
    public static string Assembly => Path.Combine(AppContext.BaseDirectory, "Lookout.Standalone.dll");

    /// <summary>
    /// Starts the app and waits until it answers on <c>/api/health</c> (with any status: storage may be down
    /// on purpose). <paramref name="urls"/> replaces the default free-port HTTP address.
    /// </summary>
    public static async Task<LookoutApp> StartAsync(string storageConnectionString, IDictionary<string, string>? settings = null, string? urls = null)
    {
        var port = FreePorts.Next();
        var start = new ProcessStartInfo("dotnet") { ArgumentList = { Assembly } };
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        start.Environment["AzureWebJobsStorage"] = storageConnectionString;
        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        start.Environment["Logging__LogLevel__Default"] = "Information";
        start.Environment.Remove("ASPNETCORE_URLS");
        start.ArgumentList.Add($"--urls={urls ?? $"http://127.0.0.1:{port}"}");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            start.Environment[key] = value;

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start Lookout.Standalone.");
        var baseUrl = new Uri(urls?.Split(';')[0] ?? $"http://127.0.0.1:{port}");
        var app = new LookoutApp(process, baseUrl);
        process.OutputDataReceived += (_, e) => app.Append(e.Data);
        process.ErrorDataReceived += (_, e) => app.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await app.WaitUntilListeningAsync();
        return app;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    private async Task WaitUntilListeningAsync()
    {
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"Lookout exited with {_process.ExitCode}:\n{Output}");
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

    /// <summary>Ends the process at once (SIGKILL), as a crash or an OOM kill would.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }
}
