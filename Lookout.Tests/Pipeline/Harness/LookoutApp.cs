using System.Diagnostics;
using System.Net;
using System.Text;
using Lookout.Tests.Support;

namespace Lookout.Tests.Pipeline.Harness;

/// <summary>
/// Lookout.Functions started as a real process on a free port (the same binary users run), with
/// its settings as environment variables exactly as the Functions host or a shell would pass them.
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
    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>
    /// Starts the app. <paramref name="executable"/> is a published handler to run instead of the
    /// framework-dependent build; <paramref name="functionsHost"/> starts it the way the Functions host
    /// does (FUNCTIONS_CUSTOMHANDLER_PORT, no standalone poller).
    /// </summary>
    public static async Task<LookoutApp> StartAsync(
        string storageConnectionString,
        IDictionary<string, string>? settings = null,
        bool functionsHost = false,
        string? executable = null,
        string? urls = null)
    {
        var port = FreePorts.Next();
        var start = executable is null
            ? new ProcessStartInfo("dotnet") { ArgumentList = { Path.Combine(AppContext.BaseDirectory, "Lookout.Functions.dll") } }
            : new ProcessStartInfo(executable) { WorkingDirectory = Path.GetDirectoryName(executable)! };
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        start.Environment["AzureWebJobsStorage"] = storageConnectionString;
        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        start.Environment["Logging__LogLevel__Default"] = "Information";
        start.Environment.Remove("ASPNETCORE_URLS");
        if (functionsHost)
            start.Environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        else
            start.ArgumentList.Add($"--urls={urls ?? $"http://127.0.0.1:{port}"}");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            start.Environment[key] = value;

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start Lookout.Functions.");
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
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"Lookout exited with {_process.ExitCode}:\n{Output}");
            try
            {
                using var response = await client.GetAsync(BaseUrl);
                if (response.StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(50);
        }
        throw new TimeoutException($"Lookout did not answer on {BaseUrl} within 60 s:\n{Output}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
