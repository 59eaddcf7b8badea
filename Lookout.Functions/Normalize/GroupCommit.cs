namespace Lookout.Functions.Normalize;

/// <summary>
/// Group commit: callers that arrive close together share one write. A caller adds its item to the open
/// group and awaits that group's result; the group closes when it holds <see cref="MaxItems"/> items or
/// <see cref="Delay"/> after it opened, and closed groups are written one at a time, in order.
/// </summary>
/// <remarks>
/// Concurrency: only opening, joining and closing a group take the lock; the write runs outside it, so
/// callers keep joining the next group while one is written. One write at a time keeps a writer's
/// read-modify-write state (cached ETags, the row cap) free of races inside one process; other processes
/// are handled by the writer's optimistic concurrency. A failed write fails every caller of its group
/// (each then retries its own message), and a started write is never cancelled by one caller.
/// </remarks>
public class GroupCommit<TItem, TResult>
{
    private readonly Func<IReadOnlyList<TItem>, Task<IReadOnlyList<TResult>>> _write;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _oneWriteAtATime = new(1, 1);
    private Group? _open;

    /// <param name="write">Writes a group's items; returns one result per item, in the items' order.</param>
    public GroupCommit(Func<IReadOnlyList<TItem>, Task<IReadOnlyList<TResult>>> write, TimeProvider time, TimeSpan delay, int maxItems)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxItems, 1);
        _write = write;
        _time = time;
        Delay = delay;
        MaxItems = maxItems;
    }

    public TimeSpan Delay { get; }
    public int MaxItems { get; }

    /// <summary>Adds an item to the open group; completes with its result once the group is written.</summary>
    public Task<TResult> AddAsync(TItem item)
    {
        var member = new Member(item);
        Group? full = null;
        lock (_gate)
        {
            if (_open is null)
            {
                var opened = _open = new Group();
                opened.Timer = _time.CreateTimer(_ => Close(opened), null, Delay, Timeout.InfiniteTimeSpan);
            }
            _open.Members.Add(member);
            if (_open.Members.Count >= MaxItems)
            {
                full = _open;
                _open = null;
            }
        }
        if (full is not null)
        {
            full.Timer?.Dispose();
            _ = WriteAsync(full);
        }
        return member.Done.Task;
    }

    private void Close(Group group)
    {
        lock (_gate)
        {
            if (_open != group)
                return; // already closed because it was full
            _open = null;
        }
        group.Timer?.Dispose();
        _ = WriteAsync(group);
    }

    private async Task WriteAsync(Group group)
    {
        await _oneWriteAtATime.WaitAsync().ConfigureAwait(false);
        try
        {
            var results = await _write(group.Members.Select(m => m.Item).ToList()).ConfigureAwait(false);
            if (results.Count != group.Members.Count)
                throw new InvalidOperationException($"The write returned {results.Count} results for {group.Members.Count} items.");
            for (var i = 0; i < group.Members.Count; i++)
                group.Members[i].Done.TrySetResult(results[i]);
        }
        catch (Exception e)
        {
            foreach (var member in group.Members)
                member.Done.TrySetException(e);
        }
        finally
        {
            _oneWriteAtATime.Release();
        }
    }

    private sealed class Group
    {
        public List<Member> Members { get; } = [];
        public ITimer? Timer { get; set; }
    }

    private sealed class Member(TItem item)
    {
        public TItem Item { get; } = item;
        public TaskCompletionSource<TResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
