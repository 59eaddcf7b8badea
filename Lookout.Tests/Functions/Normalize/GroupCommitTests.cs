using Lookout.Functions.Normalize;
using Microsoft.Extensions.Time.Testing;

namespace Lookout.Tests.Functions.Normalize;

/// <summary>The group commit's rules on fake time: close on size or on time, one write at a time, results fanned out.</summary>
public class GroupCommitTests
{
    private static readonly TimeSpan OpenFor = TimeSpan.FromMilliseconds(20);

    /// <summary>A writer that records its groups and can be held open, to observe one write at a time.</summary>
    private sealed class RecordingWriter
    {
        public List<IReadOnlyList<int>> Groups { get; } = [];
        public int Running;
        public int MostRunning;
        public TaskCompletionSource? Hold { get; set; }
        public Exception? Fail { get; set; }

        public async Task<IReadOnlyList<string>> WriteAsync(IReadOnlyList<int> items)
        {
            var now = Interlocked.Increment(ref Running);
            MostRunning = Math.Max(MostRunning, now);
            lock (Groups) Groups.Add(items);
            if (Hold is { } hold) await hold.Task;
            Interlocked.Decrement(ref Running);
            if (Fail is { } fail) throw fail;
            return items.Select(i => "r" + i).ToList();
        }
    }

    [Fact]
    public async Task A_group_stays_open_until_its_time_is_up_then_writes_every_item_once()
    {
        var time = new FakeTimeProvider();
        var writer = new RecordingWriter();
        var commit = new GroupCommit<int, string>(writer.WriteAsync, time, OpenFor, maxItems: 10);

        var first = commit.AddAsync(1);
        var second = commit.AddAsync(2);
        time.Advance(OpenFor - TimeSpan.FromMilliseconds(1));
        Assert.Empty(writer.Groups);
        Assert.False(first.IsCompleted);

        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal("r1", await first);
        Assert.Equal("r2", await second);
        Assert.Equal([1, 2], Assert.Single(writer.Groups));
    }

    [Fact]
    public async Task A_full_group_is_written_at_once_without_waiting_for_time()
    {
        var time = new FakeTimeProvider();
        var writer = new RecordingWriter();
        var commit = new GroupCommit<int, string>(writer.WriteAsync, time, OpenFor, maxItems: 3);

        var results = Enumerable.Range(1, 3).Select(commit.AddAsync).ToList();
        Assert.Equal(["r1", "r2", "r3"], await Task.WhenAll(results));
        Assert.Single(writer.Groups);

        // The full group's timer must not close a later group early.
        var later = commit.AddAsync(4);
        time.Advance(OpenFor / 2);
        Assert.False(later.IsCompleted);
        time.Advance(OpenFor / 2);
        Assert.Equal("r4", await later);
        Assert.Equal(2, writer.Groups.Count);
    }

    [Fact]
    public async Task Groups_are_written_one_at_a_time_and_callers_keep_joining_the_next_group()
    {
        var time = new FakeTimeProvider();
        var writer = new RecordingWriter { Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        var commit = new GroupCommit<int, string>(writer.WriteAsync, time, OpenFor, maxItems: 2);

        var firstGroup = new[] { commit.AddAsync(1), commit.AddAsync(2) };
        var secondGroup = new[] { commit.AddAsync(3), commit.AddAsync(4) };
        var thirdGroup = commit.AddAsync(5);
        time.Advance(OpenFor);

        await Eventually(() => writer.Groups.Count == 1);
        Assert.All(firstGroup.Concat(secondGroup).Append(thirdGroup), t => Assert.False(t.IsCompleted));

        writer.Hold.SetResult();
        Assert.Equal(["r1", "r2", "r3", "r4", "r5"], await Task.WhenAll(firstGroup.Concat(secondGroup).Append(thirdGroup)));
        Assert.Equal(1, writer.MostRunning);
        Assert.Equal([[1, 2], [3, 4], [5]], writer.Groups.Select(g => g.ToArray()).ToArray());
    }

    [Fact]
    public async Task A_failed_write_fails_every_caller_of_its_group_and_only_those()
    {
        var time = new FakeTimeProvider();
        var writer = new RecordingWriter { Fail = new InvalidOperationException("table unavailable") };
        var commit = new GroupCommit<int, string>(writer.WriteAsync, time, OpenFor, maxItems: 2);

        var failed = new[] { commit.AddAsync(1), commit.AddAsync(2) };
        foreach (var task in failed)
            Assert.Equal("table unavailable", (await Assert.ThrowsAsync<InvalidOperationException>(() => task)).Message);

        writer.Fail = null;
        var next = commit.AddAsync(3);
        time.Advance(OpenFor);
        Assert.Equal("r3", await next);
    }

    [Fact]
    public async Task A_writer_that_returns_the_wrong_number_of_results_fails_the_group()
    {
        var commit = new GroupCommit<int, string>(_ => Task.FromResult<IReadOnlyList<string>>(["only one"]),
            new FakeTimeProvider(), OpenFor, maxItems: 2);
        var tasks = new[] { commit.AddAsync(1), commit.AddAsync(2) };
        await Assert.ThrowsAsync<InvalidOperationException>(() => tasks[0]);
        await Assert.ThrowsAsync<InvalidOperationException>(() => tasks[1]);
    }

    private static async Task Eventually(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
            await Task.Delay(1, timeout.Token);
    }
}
