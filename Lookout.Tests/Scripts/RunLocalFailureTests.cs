using System.Net;
using System.Net.Sockets;

namespace Lookout.Tests.Scripts;

/// <summary>
/// run-local.sh refuses clearly and starts nothing: unknown options, taken ports (named with their
/// owner), a second run on the same state dir or ports, a project that does not compile.
/// </summary>
[Trait("Category", "Scripts")]
[Collection(RunLocalCollection.Name)]
public sealed class RunLocalFailureTests(LocalRunsFixture runs)
{
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(60);

    private static async Task<(int ExitCode, string Output)> RunAsync(IEnumerable<string> arguments, IDictionary<string, string?>? environment = null, TimeSpan? timeout = null)
    {
        await using var script = LocalRun.Launch(arguments, environment);
        var code = await script.WaitForExitAsync(timeout ?? Quick);
        return (code, script.Output);
    }

    [Fact]
    public async Task Help_lists_the_port_state_and_reset_options()
    {
        var (code, output) = await RunAsync(["--help"]);
        Assert.Equal(0, code);
        foreach (var option in new[] { "--https", "--port P", "--https-port P", "--demo-port P", "--storage-port P", "--state-dir DIR", "--reset" })
            Assert.Contains(option, output);
    }

    [Fact]
    public async Task Unknown_option_and_bad_port_are_refused()
    {
        var (code, output) = await RunAsync(["--prot", "8071"]);
        Assert.Equal(1, code);
        Assert.Contains("unknown option '--prot'", output);
        (code, output) = await RunAsync(["--port", "80a"]);
        Assert.Equal(1, code);
        Assert.Contains("--port: '80a' is not a port number", output);
    }

    [Theory]
    [InlineData("lookout-http")]
    [InlineData("azurite-table")]
    [InlineData("demo-site")]
    public async Task A_taken_port_is_named_with_its_owner_and_nothing_starts(string role)
    {
        var ports = LocalRun.Ports.Free();
        var taken = role switch
        {
            "lookout-http" => ports.Http,
            "azurite-table" => ports.Storage + 2,
            _ => ports.Demo,
        };
        var listener = new TcpListener(IPAddress.Loopback, taken);
        listener.Start();
        var state = LocalRun.NewStateDir();
        try
        {
            var (code, output) = await RunAsync([.. ports.Arguments, "--https", "--state-dir", state, "--reset"]);
            Assert.Equal(1, code);
            Assert.Contains("nothing was started; these ports are taken:", output);
            // Its owner is this test process (found with lsof or ss).
            Assert.Contains($"{taken} ({role}) by ", output);
            Assert.Contains($"(pid {Environment.ProcessId})", output);
            Assert.DoesNotContain("Lookout is running", output);
            Assert.DoesNotContain("Building", output);
            Assert.False(File.Exists(Path.Combine(state, "azurite.log")), "Azurite was started");
        }
        finally
        {
            listener.Stop();
            Directory.Delete(state, recursive: true);
        }
    }

    [Fact]
    public async Task A_second_run_on_the_same_state_dir_is_refused_and_reports_no_health()
    {
        var (code, output) = await RunAsync([.. LocalRun.Ports.Free().Arguments, "--state-dir", runs.Http.StateDir]);
        Assert.Equal(1, code);
        Assert.Contains($"another ./run-local.sh (pid {runs.Http.Script.Id}) is already using {runs.Http.StateDir}", output);
        Assert.DoesNotContain("Lookout is running", output);
    }

    [Fact]
    public async Task A_second_run_on_the_same_ports_names_the_first_runs_processes()
    {
        var state = LocalRun.NewStateDir();
        try
        {
            var (code, output) = await RunAsync([.. runs.Http.Port.Arguments, "--state-dir", state]);
            Assert.Equal(1, code);
            Assert.Contains($"{runs.Http.Port.Http} (lookout-http) by dotnet (pid {runs.Http.AppPid})", output);
            Assert.Contains($"{runs.Http.Port.Storage} (azurite-blob) by node", output);
            Assert.DoesNotContain("Lookout is running", output);
            // The first run is untouched.
            using var http = new HttpClient();
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri($"http://127.0.0.1:{runs.Http.Port.Http}/api/health"))).StatusCode);
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }

    [Fact]
    public async Task After_a_hard_kill_the_next_run_names_the_leftover_processes()
    {
        await using var first = await LocalRun.StartAsync(https: false);
        var appPid = first.AppPid;
        await first.Script.KillProcessOnlyAsync();

        // Disposing `first` afterwards kills its whole process group, leftovers included.
        var (code, output) = await RunAsync([.. first.Port.Arguments, "--state-dir", first.StateDir]);
        Assert.Equal(1, code);
        Assert.Contains("processes of an earlier ./run-local.sh that was killed are still running:", output);
        Assert.Contains($"pid {appPid}: dotnet {first.StateDir}/bin/", output);
        Assert.Matches($@"Stop them with: kill \d+ {appPid}", output);
        Assert.DoesNotContain("Lookout is running", output);
    }

    [Fact]
    public async Task A_compile_error_is_shown_with_the_compilers_own_words()
    {
        // A one-file project outside the repository (no Directory.Build.props above it) that does not compile.
        var project = Path.Combine(Path.GetTempPath(), "lookout-broken-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(project);
        var state = LocalRun.NewStateDir();
        try
        {
            await File.WriteAllTextAsync(Path.Combine(project, "Broken.csproj"),
                """<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>""");
            await File.WriteAllTextAsync(Path.Combine(project, "Program.cs"), "System.Console.WriteLine(\"no semicolon\")\n");
            var (code, output) = await RunAsync([.. LocalRun.Ports.Free().Arguments, "--state-dir", state],
                new Dictionary<string, string?> { ["LOOKOUT_APP_PROJECT"] = Path.Combine(project, "Broken.csproj") },
                TimeSpan.FromMinutes(3));
            Assert.Equal(1, code);
            Assert.Contains("the build failed; nothing was started", output);
            Assert.Contains($"{Path.Combine(project, "Program.cs")}(1,41): error CS1002: ; expected", output);
            Assert.DoesNotContain("Stopped.", output);
            Assert.False(File.Exists(Path.Combine(state, "azurite.log")), "Azurite was started");
        }
        finally
        {
            Directory.Delete(project, recursive: true);
            Directory.Delete(state, recursive: true);
        }
    }
}
