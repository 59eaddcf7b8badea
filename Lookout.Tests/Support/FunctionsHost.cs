using System.Net;

namespace Lookout.Tests.Support;

/// <summary>
/// The published function app under the real Azure Functions host, on a free loopback port: the host from
/// <c>LOOKOUT_FUNCTIONS_HOST</c> (a folder with <c>start-host.sh</c>, as <c>../shared/functions-host</c>),
/// else Core Tools' <c>func start</c> in the published folder. Host and worker log to one stream, kept with
/// arrival times. Each instance gets its own keys.
/// </summary>
public sealed class FunctionsHost : ILookoutHost
{
    public const string HostVariable = "LOOKOUT_FUNCTIONS_HOST";

    private static readonly Lazy<(string? Script, string? Func, string? Missing)> Found = new(Locate);

    private FunctionsHost(ChildProcess process, Uri baseUrl, bool enforcesKeys)
    {
        Process = process;
        BaseUrl = baseUrl;
        EnforcesKeys = enforcesKeys;
    }

    public ChildProcess Process { get; }
    public Uri BaseUrl { get; }
    public Uri ReportsUrl => new(BaseUrl, "/api/reports");
    public Uri HealthUrl => new(BaseUrl, "/api/health");
    public string Output => Process.Output;

    /// <summary>The key of <c>authLevel=Function</c> endpoints (function key "default").</summary>
    public string FunctionKey { get; private init; } = "";

    /// <summary>The admin API's key.</summary>
    public string MasterKey { get; private init; } = "";

    /// <summary>start-host.sh enforces keys as Azure does; `func start` leaves function endpoints open locally.</summary>
    public bool EnforcesKeys { get; }

    /// <summary>Why no host can run here, or null when one can.</summary>
    public static string? Unavailable => Found.Value.Missing;

    private static (string? Script, string? Func, string? Missing) Locate()
    {
        if (Environment.GetEnvironmentVariable(HostVariable) is { Length: > 0 } folder)
        {
            var script = Path.Combine(folder, "start-host.sh");
            return File.Exists(script) ? (script, null, null) : (null, null, $"{HostVariable}={folder} has no start-host.sh");
        }
        var func = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "func")).FirstOrDefault(File.Exists);
        return func is not null ? (null, func, null)
            : (null, null, $"no Functions host: set {HostVariable} to a folder with start-host.sh (CI: ../shared/functions-host) or put Core Tools' func on the PATH");
    }

    /// <summary>Starts the host on <paramref name="appFolder"/> (a publish output) and waits until /api/health answers 200.</summary>
    public static async Task<FunctionsHost> StartAsync(string appFolder, string storageConnectionString, IDictionary<string, string>? settings = null, int? port = null)
    {
        var host = Launch(appFolder, storageConnectionString, settings, port);
        try
        {
            await host.WaitUntilHealthyAsync(TimeSpan.FromMinutes(3));
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
        return host;
    }

    /// <summary>Starts the host without waiting (a cold-start measurement waits its own way).</summary>
    public static FunctionsHost Launch(string appFolder, string storageConnectionString, IDictionary<string, string>? settings = null, int? port = null)
    {
        var (script, func, missing) = Found.Value;
        if (missing is not null)
            throw new InvalidOperationException(missing);
        port ??= FreePorts.Next();
        var environment = new Dictionary<string, string?> { ["AzureWebJobsStorage"] = storageConnectionString };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            environment[key] = value;
        ChildProcess process;
        if (script is not null)
        {
            var keys = new { Master = "mk-" + Guid.NewGuid().ToString("N"), Function = "fk-" + Guid.NewGuid().ToString("N") };
            environment["FUNCTIONS_MASTER_KEY"] = keys.Master;
            environment["FUNCTIONS_FUNCTION_KEY"] = keys.Function;
            // Its own process group: the host's worker stops with it, even after a SIGKILL.
            process = ChildProcess.Start("bash", [script, appFolder, $"{port}"], environment, appFolder, ownGroup: true);
            return new FunctionsHost(process, new Uri($"http://127.0.0.1:{port}"), enforcesKeys: true)
            {
                MasterKey = keys.Master,
                FunctionKey = keys.Function,
            };
        }
        environment["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated";
        process = ChildProcess.Start(func!, ["start", "--port", $"{port}"], environment, appFolder, ownGroup: true);
        return new FunctionsHost(process, new Uri($"http://127.0.0.1:{port}"), enforcesKeys: false);
    }

    /// <summary>Polls /api/health until it answers 200; fails at once with the log if the host exits.</summary>
    public async Task WaitUntilHealthyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Process.HasExited)
                throw new InvalidOperationException($"The Functions host exited with {Process.ExitCode}:\n{Output}");
            try
            {
                using var response = await http.GetAsync(HealthUrl);
                if (response.StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException($"The Functions host did not answer 200 on {HealthUrl} within {timeout.TotalSeconds:0} s:\n{Output}");
    }

    /// <summary>Runs a function now through the admin API (timer functions), with the master key; returns the status.</summary>
    public async Task<HttpStatusCode> RunFunctionAsync(string name, HttpClient http, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(BaseUrl, "/admin/functions/" + name))
        {
            Content = new StringContent("""{"input":""}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("x-functions-key", key ?? MasterKey);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>Log lines the host marks as errors (<c>fail:</c>, <c>crit:</c>), with the line after each (the message).</summary>
    public IReadOnlyList<string> ErrorLines()
    {
        var lines = Process.Lines;
        return lines.Select((l, i) => (l.Text, Next: i + 1 < lines.Count ? lines[i + 1].Text : ""))
            .Where(l => l.Text.StartsWith("fail:", StringComparison.Ordinal) || l.Text.StartsWith("crit:", StringComparison.Ordinal))
            .Select(l => l.Text + " " + l.Next.Trim())
            .ToList();
    }

    public Task KillAsync() => Process.KillAsync();

    /// <summary>
    /// SIGTERM (the host stops its worker), then SIGKILL to the group for anything left. The log stays in the temp
    /// folder as <c>lookout-functions-host-&lt;port&gt;.log</c> for diagnosis.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync();
        await File.WriteAllTextAsync(Path.Combine(Path.GetTempPath(), $"lookout-functions-host-{BaseUrl.Port}.log"), Output);
    }
}
