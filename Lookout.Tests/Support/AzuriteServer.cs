using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Lookout.Tests.Support;

/// <summary>
/// Azurite (from the repo's node_modules) as a child process on free loopback ports. One shared
/// in-memory instance serves the whole run (<see cref="Shared"/>); tests that stop and restart
/// storage start their own (<see cref="StartAsync"/>), optionally persistent on disk.
/// </summary>
public sealed class AzuriteServer : IAsyncDisposable
{
    private static readonly Lazy<Task<AzuriteServer>> SharedServer = new(() => StartAsync());
    private readonly string? _location;
    private readonly string _workDir;
    private readonly StringBuilder _output = new();
    private Process? _process;

    private AzuriteServer(int blobPort, int queuePort, int tablePort, string? location, string workDir)
    {
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
        _location = location;
        _workDir = workDir;
    }

    /// <summary>The run-wide instance, started on first use and killed when the test process exits.</summary>
    public static Task<AzuriteServer> Shared => SharedServer.Value;

    public int BlobPort { get; }
    public int QueuePort { get; }
    public int TablePort { get; }

    /// <summary>The emulator's well-known account; its key is public, documented with Azurite.</summary>
    public const string DevelopmentAccountName = "devstoreaccount1";
    public const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public string AccountName => DevelopmentAccountName;
    public string AccountKey => DevelopmentAccountKey;
    public string QueueEndpoint => $"http://127.0.0.1:{QueuePort}/{AccountName}";
    public string TableEndpoint => $"http://127.0.0.1:{TablePort}/{AccountName}";

    /// <summary>Full connection string with explicit path-style endpoints and the emulator's public key.</summary>
    /// <summary>The node process (to freeze it with SIGSTOP in outage probes).</summary>
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("Azurite is not running.");

    /// <summary>A connection string for the emulator's account on the given queue and table ports (a proxy, a stand-in).</summary>
    public static string ConnectionStringFor(int queuePort, int tablePort) =>
        $"DefaultEndpointsProtocol=http;AccountName={DevelopmentAccountName};AccountKey={DevelopmentAccountKey};" +
        $"QueueEndpoint=http://127.0.0.1:{queuePort}/{DevelopmentAccountName};TableEndpoint=http://127.0.0.1:{tablePort}/{DevelopmentAccountName};";

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/{AccountName};QueueEndpoint={QueueEndpoint};TableEndpoint={TableEndpoint};";

    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>Starts a private instance; <paramref name="persistent"/> keeps data in a temp folder across restarts.</summary>
    public static async Task<AzuriteServer> StartAsync(bool persistent = false)
    {
        var workDir = Path.Combine(Path.GetTempPath(), "lookout-azurite-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(workDir);
        var server = new AzuriteServer(FreePorts.Next(), FreePorts.Next(), FreePorts.Next(),
            persistent ? Path.Combine(workDir, "data") : null, workDir);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Kill();
        await server.LaunchAsync();
        return server;
    }

    private async Task LaunchAsync()
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = _workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(RepoPaths.AzuriteScript);
        foreach (var arg in new[]
                 {
                     "--blobHost", "127.0.0.1", "--blobPort", $"{BlobPort}",
                     "--queueHost", "127.0.0.1", "--queuePort", $"{QueuePort}",
                     "--tableHost", "127.0.0.1", "--tablePort", $"{TablePort}",
                     "--loose", "--skipApiVersionCheck", "--disableProductStyleUrl", "--silent",
                 })
            start.ArgumentList.Add(arg);
        // LOOKOUT_AZURITE_DEBUG=<file> makes Azurite log every request, for diagnosing wire problems.
        if (Environment.GetEnvironmentVariable("LOOKOUT_AZURITE_DEBUG") is { Length: > 0 } debugLog)
        {
            start.ArgumentList.Add("--debug");
            start.ArgumentList.Add(debugLog);
        }
        if (_location is null)
            start.ArgumentList.Add("--inMemoryPersistence");
        else
        {
            start.ArgumentList.Add("--location");
            start.ArgumentList.Add(_location);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node for Azurite.");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        await WaitUntilReadyAsync(process);
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    // Ready when every port accepts a connection; polled, never a fixed sleep.
    private async Task WaitUntilReadyAsync(Process process)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        foreach (var port in new[] { BlobPort, QueuePort, TablePort })
        {
            while (true)
            {
                if (process.HasExited)
                    throw new InvalidOperationException($"Azurite exited with {process.ExitCode}:\n{Output}");
                try
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync("127.0.0.1", port);
                    break;
                }
                catch (SocketException) when (DateTime.UtcNow < deadline)
                {
                    await Task.Delay(50);
                }
                catch (SocketException e)
                {
                    throw new TimeoutException($"Azurite did not listen on {port} within 60 s:\n{Output}", e);
                }
            }
        }
    }

    /// <summary>
    /// Stops the process (storage becomes unreachable). Azurite writes its metadata on a timer, so a
    /// persistent instance gets SIGTERM first and a few seconds to flush and close; then it is killed.
    /// </summary>
    public async Task StopAsync()
    {
        var process = _process;
        if (process is null) return;
        if (!process.HasExited && _location is not null && (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()))
        {
            _ = SendSignal(process.Id, SigTerm);
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try { await process.WaitForExitAsync(grace.Token); }
            catch (OperationCanceledException) { }
        }
        Kill();
        await process.WaitForExitAsync();
        process.Dispose();
        _process = null;
    }

    private const int SigTerm = 15;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    /// <summary>Starts again on the same ports and location.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await LaunchAsync();
    }

    private void Kill()
    {
        try
        {
            if (_process is { HasExited: false } p)
                p.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException) { }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try { Directory.Delete(_workDir, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
