using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Lookout.Tests.Support;

/// <summary>
/// The one child-process helper of tests and benchmarks: output kept line by line with the time each line
/// arrived (<see cref="WaitForLineAsync"/> completes on a match, no sleeps), stopped with its children when
/// disposed. With <c>ownGroup</c> the child runs in its own session and process group (<c>setsid</c>), so
/// stopping it also stops whatever a script left behind.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    /// <summary>Output beyond this many characters is dropped (a noisy host under load), so memory stays bounded.</summary>
    private const int OutputLimit = 64 * 1024 * 1024;

    private readonly Process _process;
    private readonly bool _ownGroup;
    private readonly StringBuilder _output = new();
    private readonly List<(DateTimeOffset At, string Text)> _lines = [];
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Done)> _waiters = [];
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _openStreams = 2;

    private ChildProcess(Process process, bool ownGroup)
    {
        _process = process;
        _ownGroup = ownGroup;
    }

    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;
    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>Every line so far with the time it arrived (for ordering and spacing checks on a log).</summary>
    public IReadOnlyList<(DateTimeOffset At, string Text)> Lines { get { lock (_output) return _lines.ToList(); } }

    /// <summary>
    /// Starts <paramref name="fileName"/>. An environment value of null removes that variable.
    /// <paramref name="ownGroup"/> starts it through <c>setsid</c> (its pid is then the group id).
    /// </summary>
    public static ChildProcess Start(string fileName, IEnumerable<string> arguments, IEnumerable<KeyValuePair<string, string?>>? environment = null,
        string? workingDirectory = null, bool ownGroup = false)
    {
        // setsid makes the child a process-group leader without forking: the child of a .NET process never is one already.
        var start = new ProcessStartInfo(ownGroup ? "setsid" : fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        if (ownGroup)
            start.ArgumentList.Add(fileName);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment ?? [])
        {
            if (value is null) start.Environment.Remove(key);
            else start.Environment[key] = value;
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        process.StandardInput.Close();
        var child = new ChildProcess(process, ownGroup);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => child.KillNow();
        process.OutputDataReceived += (_, e) => child.Append(e.Data);
        process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

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
            if (_output.Length < OutputLimit)
            {
                _output.AppendLine(line);
                _lines.Add((DateTimeOffset.UtcNow, line));
            }
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
            var existing = _lines.Select(l => l.Text).FirstOrDefault(match);
            if (existing is not null) return existing;
            _waiters.Add((match, done));
        }
        var finished = await Task.WhenAny(done.Task, ExitedAsync(), Task.Delay(timeout));
        if (finished == done.Task || done.Task.IsCompleted) return await done.Task;
        var why = _process.HasExited ? $"the process exited ({_process.ExitCode})" : $"{timeout.TotalSeconds:0} s passed";
        throw new TimeoutException($"{why} before {what}. Output:\n{Output}");
    }

    private async Task ExitedAsync()
    {
        await _process.WaitForExitAsync();
        await _closed.Task;
        // Lines already delivered may still match: give them to the waiters first.
        await Task.Yield();
    }

    /// <summary>Waits for the process to exit and all its output to arrive; returns its exit code.</summary>
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
            throw new TimeoutException($"The process did not exit within {timeout.TotalSeconds:0} s. Output:\n{Output}");
        }
        return _process.ExitCode;
    }

    /// <summary>
    /// SIGTERM (a script then stops its children, a host its worker), and after <paramref name="grace"/> SIGKILL
    /// to everything still running: the process group, or the process tree.
    /// </summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (!_process.HasExited)
        {
            _ = Signal(_process.Id, SigTerm);
            using var cts = new CancellationTokenSource(grace);
            try { await _process.WaitForExitAsync(cts.Token); }
            catch (OperationCanceledException) { }
        }
        await KillAsync();
    }

    /// <summary>SIGKILL at once, to the group or tree, as a crash or an OOM kill would.</summary>
    public async Task KillAsync()
    {
        KillNow();
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGKILL to this process alone, as a closed terminal or <c>kill -9</c> would: its children live on.</summary>
    public async Task KillProcessOnlyAsync()
    {
        _ = Signal(_process.Id, SigKill);
        await _process.WaitForExitAsync();
    }

    private void KillNow()
    {
        try
        {
            if (_ownGroup)
                _ = Signal(-_process.Id, SigKill);
            else if (!_process.HasExited)
                _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException) { }
    }

    /// <summary>Resident set size in bytes of the process and, with <paramref name="children"/>, of its descendants (Linux /proc).</summary>
    public long ResidentBytes(bool children = false) =>
        (children ? Descendants(_process.Id).Prepend(_process.Id) : [_process.Id]).Sum(ResidentBytesOf);

    private static long ResidentBytesOf(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    return long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException) { }
        return 0;
    }

    private static IEnumerable<int> Descendants(int pid)
    {
        string children;
        try { children = File.ReadAllText($"/proc/{pid}/task/{pid}/children"); }
        catch (IOException) { return []; }
        return children.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(c => int.Parse(c, CultureInfo.InvariantCulture))
            .SelectMany(c => Descendants(c).Prepend(c));
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(_ownGroup ? TimeSpan.FromSeconds(20) : TimeSpan.Zero);
        _process.Dispose();
    }

    private const int SigTerm = 15;
    private const int SigKill = 9;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Signal(int pid, int signal);
}
