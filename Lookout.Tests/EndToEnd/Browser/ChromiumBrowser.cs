using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Lookout.Tests.Browser;

/// <summary>
/// Headless Chromium as a child process with a fresh profile (and HOME), the flags that make it send
/// reports quickly to a self-signed HTTPS endpoint, and a DevTools port for <c>Page.crash</c>.
/// Disposing kills the whole process tree by PID and deletes the profile.
/// </summary>
public sealed class ChromiumBrowser : IAsyncDisposable
{
    private static readonly string[] Candidates =
        ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"];

    private readonly Process _process;
    private readonly string _profile;
    private readonly StringBuilder _output = new();

    private ChromiumBrowser(Process process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary><c>CHROMIUM_PATH</c>, then the usual install paths, then PATH; null when none exists.</summary>
    public static string? FindExecutable()
    {
        var env = Environment.GetEnvironmentVariable("CHROMIUM_PATH");
        if (!string.IsNullOrEmpty(env))
            return File.Exists(env) ? env : null;
        foreach (var candidate in Candidates)
            if (File.Exists(candidate)) return candidate;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
            foreach (var name in new[] { "chromium", "chromium-browser", "google-chrome", "google-chrome-stable" })
            {
                var path = Path.Combine(dir, name);
                if (File.Exists(path)) return path;
            }
        return null;
    }

    public static string RequireExecutable() => FindExecutable() ?? throw new InvalidOperationException(
        "Chromium was not found. Install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH " +
        "to a Chromium/Chrome binary (checked: CHROMIUM_PATH, " + string.Join(", ", Candidates) + ", PATH).");

    /// <summary>The first line <c>chromium --version</c> prints, e.g. "Chromium 156.0.8078.79 built on Debian …".</summary>
    public static async Task<string> VersionAsync()
    {
        var start = new ProcessStartInfo(RequireExecutable(), "--version")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        await stderr;
        return (await stdout).Trim().Split('\n')[0].Trim();
    }

    /// <param name="hostRules">Chromium's <c>--host-resolver-rules</c>, e.g. <c>MAP lookout.test 127.0.0.1</c> to reach a
    /// local server under a public-looking name.</param>
    /// <param name="extraArguments">More flags.</param>
    public static async Task<ChromiumBrowser> LaunchAsync(Uri url, string spkiHash, bool allowPopups = false, string? hostRules = null,
        IEnumerable<string>? extraArguments = null)
    {
        var profile = Path.Combine(Path.GetTempPath(), "lookout-chromium-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(profile);
        var start = new ProcessStartInfo(RequireExecutable())
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-default-apps", "--disable-extensions", "--mute-audio",
            $"--user-data-dir={profile}",
            "--short-reporting-delay",
            $"--ignore-certificate-errors-spki-list={spkiHash}",
            "--remote-debugging-port=0",
        })
            start.ArgumentList.Add(arg);
        if (allowPopups) start.ArgumentList.Add("--disable-popup-blocking");
        if (hostRules is not null) start.ArgumentList.Add($"--host-resolver-rules={hostRules}");
        foreach (var arg in extraArguments ?? [])
            start.ArgumentList.Add(arg);
        start.ArgumentList.Add(url.AbsoluteUri);
        start.Environment["HOME"] = profile;

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start Chromium.");
        var browser = new ChromiumBrowser(process, profile);
        process.OutputDataReceived += (_, e) => browser.Append(e.Data);
        process.ErrorDataReceived += (_, e) => browser.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return await Task.FromResult(browser);
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) if (_output.Length < 64 * 1024) _output.AppendLine(line);
    }

    internal async Task<int> DevToolsPortAsync(TimeSpan timeout)
    {
        var file = Path.Combine(_profile, "DevToolsActivePort");
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"Chromium exited with {_process.ExitCode}:\n{Output}");
            if (File.Exists(file))
            {
                var lines = await File.ReadAllLinesAsync(file);
                if (lines.Length > 0 && int.TryParse(lines[0], out var port)) return port;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"Chromium wrote no DevToolsActivePort within {timeout.TotalSeconds:0} s:\n{Output}");
    }

    /// <summary>Sends the DevTools command <c>Page.crash</c> to the page whose URL contains <paramref name="urlPart"/>.</summary>
    public async Task CrashPageAsync(string urlPart, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var port = await DevToolsPortAsync(timeout);
        using var http = new HttpClient();
        string? wsUrl = null;
        while (wsUrl is null)
        {
            var json = await http.GetStringAsync($"http://127.0.0.1:{port}/json/list", cts.Token);
            using var doc = JsonDocument.Parse(json);
            foreach (var target in doc.RootElement.EnumerateArray())
                if (target.GetProperty("type").GetString() == "page" &&
                    (target.GetProperty("url").GetString() ?? "").Contains(urlPart, StringComparison.Ordinal))
                    wsUrl = target.GetProperty("webSocketDebuggerUrl").GetString();
            if (wsUrl is null) await Task.Delay(50, cts.Token);
        }
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(wsUrl), cts.Token);
        var command = Encoding.UTF8.GetBytes("""{"id":1,"method":"Page.crash"}""");
        await socket.SendAsync(command, WebSocketMessageType.Text, true, cts.Token);
        // Page.crash never answers (the renderer dies); the socket closing or a short read is enough.
        var buffer = new byte[4096];
        try
        {
            using var read = CancellationTokenSource.CreateLinkedTokenSource(cts.Token);
            read.CancelAfter(TimeSpan.FromSeconds(2));
            await socket.ReceiveAsync(buffer, read.Token);
        }
        catch (OperationCanceledException) { }
        catch (WebSocketException) { }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException) { }
        _process.Dispose();
        try { Directory.Delete(_profile, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
