using Lookout.Core.Records;
using Lookout.Functions.Ports;
using Microsoft.Extensions.Logging;

namespace Lookout.Functions.Normalize;

/// <summary>
/// Writes one group of messages' records: the issue counts first (one digest update per issue per group, not
/// per report), then the rows each issue's daily row cap still allows, of all messages together (entity
/// group transactions across messages, so even 1-report deliveries share table transactions), and raises
/// <c>NewIssue</c> (throttled, <see cref="NewIssueAlerts"/>) for issues never seen before. Runs inside <see cref="ReportGroupCommit"/>,
/// one group at a time per process.
/// </summary>
public sealed class IssueWriter(IDigestStore digest, IReportStore rows, IPolicyStore policies, NewIssueAlerts alerts, ILogger<IssueWriter> logger)
{
    /// <summary>Writes the messages' records; returns, per message, how many of its records became rows.</summary>
    public async Task<IReadOnlyList<int>> WriteAsync(IReadOnlyList<IReadOnlyList<ReportRecord>> messages)
    {
        var tallies = messages.Select(IssueTally.Of).ToList();
        var merged = Merge(tallies);
        // Policy texts before the counts: a failure here retries the message before anything was counted.
        await policies.RecordAsync(PoliciesSeen(merged), CancellationToken.None);
        // Not cancelled with an invocation: once started, counts are kept.
        var outcomes = await digest.ApplyAsync(merged, CancellationToken.None);
        await AnnounceNewIssuesAsync(merged);
        var kept = ShareOutRows(messages, tallies, outcomes);
        await rows.UpsertAsync(Distinct(kept.SelectMany(k => k)), CancellationToken.None);
        return kept.Select(k => k.Count).ToList();
    }

    private static List<PolicySeen> PoliciesSeen(List<IssueTally> merged) =>
        merged.SelectMany(t => t.PolicyTexts.Select(p => new PolicySeen(p.Key, p.Value, t.Key.Day))).DistinctBy(p => (p.Id, p.Day)).ToList();

    private static List<IssueTally> Merge(List<List<IssueTally>> perMessage)
    {
        var byKey = new Dictionary<IssueKey, IssueTally>();
        var merged = new List<IssueTally>();
        foreach (var tallies in perMessage)
            foreach (var tally in tallies)
            {
                if (!byKey.TryGetValue(tally.Key, out var total))
                {
                    // The first message's first record of the issue is the one a new entity points at.
                    total = new IssueTally(tally.Key, tally.Title, tally.First, tally.FirstSeen);
                    byKey.Add(tally.Key, total);
                    merged.Add(total);
                }
                total.Add(tally.Count, tally.Rows, tally.Sampled, tally.FirstSeen, tally.LastSeen, tally.Sites);
                total.Reach.Merge(tally.Reach);
                total.AddPolicies(tally);
            }
        return merged;
    }

    /// <summary>Each message's records that get a row: the day's remaining row cap shared out in arrival order.</summary>
    private static List<List<ReportRecord>> ShareOutRows(IReadOnlyList<IReadOnlyList<ReportRecord>> messages,
        List<List<IssueTally>> tallies, IReadOnlyDictionary<IssueKey, DigestOutcome> outcomes)
    {
        var remaining = outcomes.ToDictionary(o => o.Key, o => o.Value.RowsAllowed);
        var kept = new List<List<ReportRecord>>(messages.Count);
        for (var m = 0; m < messages.Count; m++)
        {
            var allowed = new Dictionary<IssueKey, long>(tallies[m].Count);
            foreach (var tally in tallies[m])
            {
                var share = Math.Min(tally.Rows, remaining[tally.Key]);
                remaining[tally.Key] -= share;
                allowed[tally.Key] = share;
            }
            kept.Add(Kept(messages[m], allowed));
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
                continue; // dropped noise, sampled out or folded by a site limit: counted, never stored
            var key = IssueTally.KeyOf(record);
            if (left.TryGetValue(key, out var n) && n > 0)
            {
                left[key] = n - 1;
                kept.Add(record);
            }
        }
        return kept;
    }

    /// <summary>
    /// Raises NewIssue for each issue whose issue-level entity this write created: once per problem, whatever the
    /// pages, days and instances. A failure here never fails the write (the counts and rows are what matter); the
    /// issues not yet recorded are tried again by the next write that sees them.
    /// </summary>
    private async Task AnnounceNewIssuesAsync(List<IssueTally> merged)
    {
        IReadOnlySet<IssueKey> fresh;
        try
        {
            fresh = await digest.RecordFirstSeenAsync(merged, CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogWarning("Recording first-seen issues failed: {Error}", e.Message);
            return;
        }
        foreach (var tally in merged)
            if (fresh.Contains(tally.Key))
                alerts.Raise(tally.Key.Type, tally.Title, string.Join(",", tally.Sites), tally.Key.Fingerprint, tally.Key.Day);
    }
}
