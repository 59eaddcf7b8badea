using Lookout.Core.Records;
using Lookout.Functions.Ports;
using Microsoft.Extensions.Logging;

namespace Lookout.Functions.Issues;

/// <summary>
/// Combines the writes of concurrent Normalize invocations into one group commit: an invocation adds its
/// records to the open group and awaits that group's write; a group is written when it is full or
/// <see cref="Delay"/> after it opened, one group at a time. The group's issue counts are stored first (one
/// digest update per issue per group, not per report), then the rows the row cap allows, of all its
/// invocations together (entity group transactions across messages, so even 1-report deliveries share
/// table transactions). No invocation gets its answer (and so no queue message is deleted) before both.
/// </summary>
public sealed partial class DigestGroupCommit(IDigestStore store, IReportStore rows, ILogger<DigestGroupCommit> logger, IIssueEvents? events = null)
{
    /// <summary>How long a group stays open for more invocations: a little latency for far fewer writes.</summary>
    internal static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(20);

    /// <summary>Invocations per group at most (host.json batchSize + newBatchThreshold fit easily).</summary>
    internal const int MaxInvocations = 64;

    /// <summary>Days before an issue's day that are checked before it is announced as new.</summary>
    public const int NewIssueLookbackDays = 7;

    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _oneWriteAtATime = new(1, 1);
    private Group? _open;

    /// <summary>
    /// Adds one message's records; completes once their counts and the rows the day's row cap allows them
    /// (shared out in arrival order) are stored, with the number of rows stored.
    /// </summary>
    public Task<int> AddAsync(IReadOnlyList<ReportRecord> records)
    {
        if (records.Count == 0)
            return Task.FromResult(0);
        var invocation = new Invocation(IssueTally.Of(records), records);
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
            var fresh = await AnnounceNewIssuesAsync(merged, outcomes);
            await TellAsync(merged, fresh);
            var kept = ShareOutRows(group.Invocations, outcomes);
            await rows.UpsertAsync(Distinct(kept.SelectMany(k => k)), CancellationToken.None);
            for (var i = 0; i < group.Invocations.Count; i++)
                group.Invocations[i].Done.TrySetResult(kept[i].Count);
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

    /// <summary>Each invocation's records that get a row: the day's remaining row cap shared out in arrival order.</summary>
    private static List<List<ReportRecord>> ShareOutRows(List<Invocation> invocations, IReadOnlyDictionary<IssueKey, DigestOutcome> outcomes)
    {
        var remaining = outcomes.ToDictionary(o => o.Key, o => o.Value.RowsAllowed);
        var kept = new List<List<ReportRecord>>(invocations.Count);
        foreach (var invocation in invocations)
        {
            var allowed = new Dictionary<IssueKey, long>(invocation.Tallies.Count);
            foreach (var tally in invocation.Tallies)
            {
                var share = Math.Min(tally.Rows, remaining[tally.Key]);
                remaining[tally.Key] -= share;
                allowed[tally.Key] = share;
            }
            kept.Add(Kept(invocation.Records, allowed));
        }
        return kept;
    }

    /// <summary>
    /// One record per row key. The same delivery can be in a group twice (an enqueue retried after a timeout
    /// that had in fact succeeded, or a redelivery): its rows have the same keys and contents, and a table
    /// transaction refuses an entity twice.
    /// </summary>
    private static List<ReportRecord> Distinct(IEnumerable<ReportRecord> records)
    {
        var seen = new HashSet<(string, string)>();
        return records.Where(r => seen.Add((r.PartitionKey, r.RowKey))).ToList();
    }

    /// <summary>The records each issue's share of the row cap allows, first ones first; dropped noise never.</summary>
    internal static List<ReportRecord> Kept(IReadOnlyList<ReportRecord> records, IReadOnlyDictionary<IssueKey, long> allowed)
    {
        var left = new Dictionary<IssueKey, long>(allowed);
        var kept = new List<ReportRecord>(records.Count);
        foreach (var record in records)
        {
            if (record.Drop)
                continue; // dropped noise: counted, never stored
            var key = IssueTally.KeyOf(record);
            if (left.TryGetValue(key, out var n) && n > 0)
            {
                left[key] = n - 1;
                kept.Add(record);
            }
        }
        return kept;
    }

    /// <summary>Tells <see cref="IIssueEvents"/> (alerts) what was counted. Its failure is logged, never failing the
    /// invocation: the counts are stored, and a retry would not see the issue as new again.</summary>
    private async Task TellAsync(List<IssueTally> merged, HashSet<IssueKey> fresh)
    {
        if (events is null)
            return;
        try
        {
            await events.OnWrittenAsync(merged.Select(t => new WrittenIssue(t.Key, t.Title, [.. t.Sites], t.Count, t.LastSeen, fresh.Contains(t.Key))).ToList(),
                CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogError("Raising alerts for {Issues} issues failed: {Error}", merged.Count, e.Message);
        }
    }

    private async Task<HashSet<IssueKey>> AnnounceNewIssuesAsync(List<IssueTally> merged, IReadOnlyDictionary<IssueKey, DigestOutcome> outcomes)
    {
        var fresh = new HashSet<IssueKey>();
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
            fresh.Add(tally.Key);
        }
        return fresh;
    }

    /// <summary>The structured event Application Insights alerts on (infra/main.bicep, newIssueAlertEmail).</summary>
    [LoggerMessage(EventId = 1001, EventName = "NewIssue", Level = LogLevel.Warning,
        Message = "NewIssue {Type}: {Title} (site {Site}, fingerprint {Fingerprint}, day {Day})")]
    private partial void NewIssue(string type, string title, string site, string fingerprint, string day);

    private sealed class Group
    {
        public List<Invocation> Invocations { get; } = [];
    }

    private sealed class Invocation(IReadOnlyList<IssueTally> tallies, IReadOnlyList<ReportRecord> records)
    {
        public IReadOnlyList<IssueTally> Tallies { get; } = tallies;
        public IReadOnlyList<ReportRecord> Records { get; } = records;
        public TaskCompletionSource<int> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
