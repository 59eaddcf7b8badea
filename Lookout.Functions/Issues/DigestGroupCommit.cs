using Microsoft.Extensions.Logging;

namespace Lookout.Functions.Issues;

/// <summary>
/// Combines the digest increments of concurrent Normalize invocations into one durable write (a group
/// commit). An invocation adds its tallies to the open group and awaits that group's write; a group is
/// written when it is full or <see cref="Delay"/> after it opened, one group at a time, so a hot issue
/// costs one entity update per group rather than one per report. No invocation gets its answer (and so
/// no queue message is deleted) before its counts are stored.
/// </summary>
public sealed partial class DigestGroupCommit(IDigestStore store, ILogger<DigestGroupCommit> logger)
{
    /// <summary>How long a group stays open for more invocations: a little latency for far fewer writes.</summary>
    internal static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(20);

    /// <summary>Invocations per group at most (host.json batchSize + newBatchThreshold fit easily).</summary>
    internal const int MaxInvocations = 64;

    /// <summary>Days before an issue's day that are checked before it is announced as new.</summary>
    public const int NewIssueLookbackDays = 7;

    private static readonly IReadOnlyDictionary<IssueKey, long> NothingAllowed = new Dictionary<IssueKey, long>();

    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _oneWriteAtATime = new(1, 1);
    private Group? _open;

    /// <summary>
    /// Adds one invocation's tallies; completes once they are stored, with how many reports of each issue the
    /// invocation may still store as rows (the day's row cap shared out in arrival order).
    /// </summary>
    public Task<IReadOnlyDictionary<IssueKey, long>> AddAsync(IReadOnlyList<IssueTally> tallies)
    {
        if (tallies.Count == 0)
            return Task.FromResult(NothingAllowed);
        var invocation = new Invocation(tallies);
        Group? full = null;
        lock (_gate)
        {
            if (_open is null)
            {
                var opened = _open = new Group();
                _ = Task.Delay(Delay).ContinueWith(_ => Close(opened), TaskScheduler.Default);
            }
            _open.Invocations.Add(invocation);
            if (_open.Invocations.Count >= MaxInvocations)
            {
                full = _open;
                _open = null;
            }
        }
        if (full is not null)
            _ = WriteAsync(full);
        return invocation.Done.Task;
    }

    private void Close(Group group)
    {
        lock (_gate)
        {
            if (_open != group)
                return; // already closed because it was full
            _open = null;
        }
        _ = WriteAsync(group);
    }

    private async Task WriteAsync(Group group)
    {
        await _oneWriteAtATime.WaitAsync();
        try
        {
            var merged = Merge(group.Invocations);
            // The write itself is not cancelled with an invocation: once started, counts are kept.
            var outcomes = await store.ApplyAsync(merged, CancellationToken.None);
            await AnnounceNewIssuesAsync(merged, outcomes);
            ShareOutRows(group.Invocations, outcomes);
        }
        catch (Exception e)
        {
            foreach (var invocation in group.Invocations)
                invocation.Done.TrySetException(e);
        }
        finally
        {
            _oneWriteAtATime.Release();
        }
    }

    private static List<IssueTally> Merge(List<Invocation> invocations)
    {
        var byKey = new Dictionary<IssueKey, IssueTally>();
        var merged = new List<IssueTally>();
        foreach (var invocation in invocations)
            foreach (var tally in invocation.Tallies)
            {
                if (!byKey.TryGetValue(tally.Key, out var total))
                {
                    // The first invocation's first record of the issue is the one a new entity points at.
                    total = new IssueTally(tally.Key, tally.Title, tally.First, tally.FirstSeen);
                    byKey.Add(tally.Key, total);
                    merged.Add(total);
                }
                total.Add(tally.Count, tally.Rows, tally.FirstSeen, tally.LastSeen, tally.Sites);
            }
        return merged;
    }

    private static void ShareOutRows(List<Invocation> invocations, IReadOnlyDictionary<IssueKey, DigestOutcome> outcomes)
    {
        var remaining = outcomes.ToDictionary(o => o.Key, o => o.Value.RowsAllowed);
        foreach (var invocation in invocations)
        {
            var allowed = new Dictionary<IssueKey, long>(invocation.Tallies.Count);
            foreach (var tally in invocation.Tallies)
            {
                var share = Math.Min(tally.Rows, remaining[tally.Key]);
                remaining[tally.Key] -= share;
                allowed[tally.Key] = share;
            }
            invocation.Done.TrySetResult(allowed);
        }
    }

    private async Task AnnounceNewIssuesAsync(List<IssueTally> merged, IReadOnlyDictionary<IssueKey, DigestOutcome> outcomes)
    {
        foreach (var tally in merged)
        {
            if (!outcomes[tally.Key].Created)
                continue;
            try
            {
                if (await store.SeenBeforeAsync(tally.Key, NewIssueLookbackDays, CancellationToken.None))
                    continue;
            }
            catch (Exception e)
            {
                // The counts are stored; an unanswered look-back only means the signal may come twice.
                logger.LogWarning("Looking back for issue {Fingerprint} failed: {Error}", tally.Key.Fingerprint, e.Message);
            }
            NewIssue(tally.Key.Type, tally.Title, string.Join(",", tally.Sites), tally.Key.Fingerprint, tally.Key.Day);
        }
    }

    /// <summary>The structured event Application Insights alerts on (infra/main.bicep, newIssueAlertEmail).</summary>
    [LoggerMessage(EventId = 1001, EventName = "NewIssue", Level = LogLevel.Warning,
        Message = "NewIssue {Type}: {Title} (site {Site}, fingerprint {Fingerprint}, day {Day})")]
    private partial void NewIssue(string type, string title, string site, string fingerprint, string day);

    private sealed class Group
    {
        public List<Invocation> Invocations { get; } = [];
    }

    private sealed class Invocation(IReadOnlyList<IssueTally> tallies)
    {
        public IReadOnlyList<IssueTally> Tallies { get; } = tallies;
        public TaskCompletionSource<IReadOnlyDictionary<IssueKey, long>> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
