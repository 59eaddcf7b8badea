using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Lookout.Tests.Pipeline.Harness;
using Lookout.Tests.Support;

namespace Lookout.Tests.Scripts;

/// <summary>
/// <c>./run-local.sh</c> running as a user runs it, on free ports with its own state dir (so it never
/// meets a developer's instance on the default ports), until disposed. Parses what it printed: the
/// report URL, the headers block, the certificate's SPKI hash, Lookout's pid.
/// </summary>
public sealed partial class LocalRun : IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);

    private LocalRun(ChildProcess script, string stateDir, Ports ports, bool https)
    {
        Script = script;
        StateDir = stateDir;
        Port = ports;
        Https = https;
    }

    public sealed record Ports(int Http, int HttpsPort, int Demo, int Storage)
    {
        public static Ports Free()
        {
            // Azurite takes Storage, Storage+1 and Storage+2: find three free ones in a row.
            for (var attempt = 0; attempt < 50; attempt++)
            {
                var storage = FreePorts.Next();
                if (storage < 65000 && IsFree(storage + 1) && IsFree(storage + 2))
                    return new Ports(FreePorts.Next(), FreePorts.Next(), FreePorts.Next(), storage);
            }
            throw new InvalidOperationException("No three free consecutive ports for Azurite.");
        }

        public string[] Arguments =>
        [
            "--port", $"{Http}", "--https-port", $"{HttpsPort}", "--demo-port", $"{Demo}", "--storage-port", $"{Storage}",
        ];

        private static bool IsFree(int port)
        {
            try
            {
                var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
                listener.Start();
                listener.Stop();
                return true;
            }
            catch (System.Net.Sockets.SocketException) { return false; }
        }
    }

    public ChildProcess Script { get; }
    public string StateDir { get; }
    public Ports Port { get; }
    public bool Https { get; }
    public string Output => Script.Output;

    /// <summary>The "Report URL:" line.</summary>
    public Uri ReportUrl => new(Match(ReportUrlLine()).Groups[1].Value);

    /// <summary>Lookout's pid from "Lookout is running (pid N)".</summary>
    public int AppPid => int.Parse(Match(RunningLine()).Groups[1].Value, CultureInfo.InvariantCulture);

    /// <summary>The base64 SPKI hash printed for Chromium (HTTPS mode).</summary>
    public string SpkiHash => Match(SpkiLine()).Groups[1].Value;

    /// <summary>
    /// The "Headers to add to your site's responses:" block, verbatim: every indented <c>Name: value</c>
    /// line up to the blank line that ends it.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers
    {
        get
        {
            var lines = Output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
            var start = lines.FindIndex(l => l.StartsWith("Headers to add to your site's responses:", StringComparison.Ordinal));
            Assert.True(start >= 0, "run-local.sh printed no headers block:\n" + Output);
            var headers = new List<KeyValuePair<string, string>>();
            foreach (var line in lines.Skip(start + 1).TakeWhile(l => l.Length > 0))
            {
                var m = HeaderLine().Match(line);
                Assert.True(m.Success, $"not a header line: '{line}'");
                headers.Add(new(m.Groups[1].Value, m.Groups[2].Value));
            }
            return headers;
        }
    }

    /// <summary>The storage run-local.sh wrote for show-reports (explicit Azurite endpoints, table name).</summary>
    public (string ConnectionString, string Table) Storage
    {
        get
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(StateDir, "storage.json")));
            return (doc.RootElement.GetProperty("connectionString").GetString()!, doc.RootElement.GetProperty("table").GetString()!);
        }
    }

    public ReportTable Table
    {
        get
        {
            var (connectionString, table) = Storage;
            return new ReportTable(new TableClient(connectionString, table));
        }
    }

    /// <summary>Runs <c>bash run-local.sh</c> from the repository root in its own process group (disposing stops all it started).</summary>
    public static ChildProcess Launch(IEnumerable<string> arguments, IDictionary<string, string?>? environment = null) =>
        ChildProcess.Start("bash", new[] { Path.Combine(RepoPaths.Root, "run-local.sh") }.Concat(arguments), environment, RepoPaths.Root, ownGroup: true);

    public static string NewStateDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "lookout-run-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>Starts run-local.sh and waits until it says "Press Ctrl-C to stop." (fails with its output otherwise).</summary>
    public static async Task<LocalRun> StartAsync(bool https, Ports? ports = null, string? stateDir = null, params string[] extra)
    {
        ports ??= Ports.Free();
        stateDir ??= NewStateDir();
        var arguments = ports.Arguments.Concat(["--state-dir", stateDir]).Concat(https ? ["--https"] : []).Concat(extra);
        var script = Launch(arguments);
        var run = new LocalRun(script, stateDir, ports, https);
        try
        {
            await script.WaitForLineAsync(l => l == "Press Ctrl-C to stop.", StartTimeout, "run-local.sh said Lookout is running");
        }
        catch
        {
            await run.DisposeAsync();
            throw;
        }
        return run;
    }

    private Match Match(Regex regex)
    {
        var m = regex.Match(Output);
        Assert.True(m.Success, $"run-local.sh printed nothing matching {regex}:\n{Output}");
        return m;
    }

    [GeneratedRegex(@"^Report URL:\s+(\S+)$", RegexOptions.Multiline)]
    private static partial Regex ReportUrlLine();

    [GeneratedRegex(@"^Lookout is running \(pid (\d+)\)", RegexOptions.Multiline)]
    private static partial Regex RunningLine();

    [GeneratedRegex(@"--ignore-certificate-errors-spki-list=([A-Za-z0-9+/=]+)")]
    private static partial Regex SpkiLine();

    [GeneratedRegex(@"^  ([A-Za-z][A-Za-z0-9-]*): (.+)$")]
    private static partial Regex HeaderLine();

    public async ValueTask DisposeAsync()
    {
        await Script.DisposeAsync();
        try { Directory.Delete(StateDir, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
