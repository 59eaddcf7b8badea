using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Lookout.Tests.Support;

namespace Lookout.Tests.Scripts;

/// <summary>
/// A repository script (run-local.sh, a node script) as a child process in its own process group
/// (<c>setsid</c>), so that disposing it stops the script and everything it started, even processes
/// it left behind. Output is collected line by line; <see cref="WaitForLineAsync"/> completes when a
/// line matches (no sleeps).
/// </summary>
public sealed class ScriptProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Done)> _waiters = [];
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _openStreams = 2;

    private ScriptProcess(Process process) => _process = process;

    public int Id => _process.Id;
    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>Starts <paramref name="command"/> from the repository root in a new session and process group.</summary>
    public static ScriptProcess Start(string command, IEnumerable<string> arguments, IDictionary<string, string?>? environment = null)
    {
        // setsid makes the child a process-group leader (its pid is the group id) without forking,
        // because the child of a .NET process is never a group leader already.
        var start = new ProcessStartInfo("setsid")
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(command);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null) start.Environment.Remove(key);
            else start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {command}.");
        process.StandardInput.Close();
        var script = new ScriptProcess(process);
        process.OutputDataReceived += (_, e) => script.Append(e.Data);
        process.ErrorDataReceived += (_, e) => script.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return script;
    }

    /// <summary>Runs <c>bash run-local.sh</c> with the given options.</summary>
    public static ScriptProcess RunLocal(IEnumerable<string> arguments, IDictionary<string, string?>? environment = null) =>
        Start("bash", new[] { Path.Combine(RepoPaths.Root, "run-local.sh") }.Concat(arguments), environment);

    private void Append(string? line)
    {
        if (line is null)
        {
            if (Interlocked.Decrement(ref _openStreams) == 0) _closed.TrySetResult();
            return;
        }
        List<TaskCompletionSource<string>> matched = [];
        lock (_output)
        {
            _output.AppendLine(line);
            foreach (var waiter in _waiters.Where(w => w.Match(line)).ToList())
            {
                _waiters.Remove(waiter);
                matched.Add(waiter.Done);
            }
        }
        foreach (var done in matched) done.TrySetResult(line);
    }

    /// <summary>Completes with the first line (already printed or still to come) that matches; fails if the process exits first.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout, string what)
    {
        var done = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_output)
        {
            var existing = _output.ToString().Split('\n').Select(l => l.TrimEnd('\r')).FirstOrDefault(match);
            if (existing is not null) return existing;
            _waiters.Add((match, done));
        }
        var finished = await Task.WhenAny(done.Task, ExitedAsync(), Task.Delay(timeout));
        if (finished == done.Task || done.Task.IsCompleted) return await done.Task;
        var why = _process.HasExited ? $"the script exited ({_process.ExitCode})" : $"{timeout.TotalSeconds:0} s passed";
        throw new TimeoutException($"{why} before {what}. Output:\n{Output}");
    }

    private async Task ExitedAsync()
    {
        await _process.WaitForExitAsync();
        await _closed.Task;
        // Lines already delivered may still match: give them to the waiters first.
        await Task.Yield();
    }

    /// <summary>Waits for the script to exit and all its output to arrive; returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            await _closed.Task.WaitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The script did not exit within {timeout.TotalSeconds:0} s. Output:\n{Output}");
        }
        return _process.ExitCode;
    }

    /// <summary>
    /// SIGTERM to the script (run-local.sh then stops its children and waits for them), and after
    /// <paramref name="grace"/> SIGKILL to the whole process group for anything still running.
    /// </summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (!_process.HasExited)
        {
            _ = Kill(_process.Id, SigTerm);
            using var cts = new CancellationTokenSource(grace);
            try { await _process.WaitForExitAsync(cts.Token); }
            catch (OperationCanceledException) { }
        }
        _ = Kill(-_process.Id, SigKill);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGKILL to the script alone, as a closed terminal or <c>kill -9</c> would: its children live on.</summary>
    public async Task KillScriptOnlyAsync()
    {
        _ = Kill(_process.Id, SigKill);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(20));
        _process.Dispose();
    }

    private const int SigTerm = 15;
    private const int SigKill = 9;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
