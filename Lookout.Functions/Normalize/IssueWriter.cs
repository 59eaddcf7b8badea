using Lookout.Core.Records;
using Lookout.Core.Reports;
using Lookout.Functions.Ports;
using Microsoft.Extensions.Logging;

namespace Lookout.Functions.Normalize;

/// <summary>
/// Writes one group of messages' records: the issue counts first (one digest update per issue per group, not
/// per report; each message counted once however often it is processed, <see cref="IDigestStore.CountAsync"/>), then the rows each issue's daily row cap still allows, of all messages together (entity
/// group transactions across messages, so even 1-report deliveries share table transactions), and raises
/// <c>NewIssue</c> (throttled, <see cref="NewIssueAlerts"/>) for issues never seen before. Runs inside <see cref="ReportGroupCommit"/>,
/// one group at a time per process.
/// </summary>
public sealed class IssueWriter(IDigestStore digest, IReportStore rows, IPolicyStore policies, NewIssueAlerts alerts, ILogger<IssueWriter> logger,
    IIssueEvents? events = null)
{
    /// <summary>Writes the messages' records; returns, per message, how many of its records became rows.</summary>
    public async Task<IReadOnlyList<int>> WriteAsync(IReadOnlyList<MessageRecords> messages)
    {
        var counted = messages.Select(m => new CountedMessage(m.Id, IssueTally.Of(m.Records), m.Shards)).ToList();
        // Policy texts before the counts: a failure here retries the message before anything was counted.
        await policies.RecordAsync(PoliciesSeen(counted), CancellationToken.None);
        // Not cancelled with an invocation: once started, counts are kept.
        var outcomes = await digest.CountAsync(counted, CancellationToken.None);
        var merged = Merge(counted.ConvertAll(c => c.Tallies));
        await AnnounceAsync(merged);
        // A message counted before still rewrites the rows it was allowed then: the first attempt may have
        // stopped between its counts and its rows.
        var kept = messages.Select((m, i) => Kept(m.Records, outcomes[i].RowsAllowed)).ToList();
        await rows.UpsertAsync(Distinct(kept.SelectMany(k => k)), CancellationToken.None);
        return kept.Select(k => k.Count).ToList();
    }

    private static List<PolicySeen> PoliciesSeen(List<CountedMessage> counted) =>
        counted.SelectMany(c => c.Tallies).SelectMany(t => t.PolicyTexts.Select(p => new PolicySeen(p.Key, p.Value, t.Key.Day)))
            .DistinctBy(p => (p.Id, p.Day)).ToList();

    private static List<IssueTally> Merge(List<IReadOnlyList<IssueTally>> perMessage)
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
            }
        return merged;
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

    /// <summary>Attempts at announcing a group's new issues before giving up; a one-off issue has no later write to do it.</summary>
    internal const int AnnounceAttempts = 3;

    /// <summary>
    /// Raises NewIssue (throttled, <see cref="NewIssueAlerts"/>) and tells <see cref="IIssueEvents"/> (webhook alerts) for
    /// each issue new ever, then marks them announced. A failure never fails the write (the counts and rows are what
    /// matter, and an alert outage must not poison reports): a storage hiccup is tried again here (an issue seen only
    /// once has no later write to announce it); what is still not marked announced is announced again by the next
    /// write that sees the issue, which includes this message's redelivery after a crash.
    /// </summary>
    private async Task AnnounceAsync(List<IssueTally> merged)
    {
        var raised = new HashSet<IssueKey>(); // NewIssue is logged once per write, whatever the attempts
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await AnnounceOnceAsync(merged, raised);
                return;
            }
            catch (Exception e) when (attempt < AnnounceAttempts)
            {
                logger.LogWarning("Announcing {Issues} issues failed on attempt {Attempt} ({Error}); trying again", merged.Count, attempt, e.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(250 * attempt));
            }
            catch (Exception e)
            {
                logger.LogError("Announcing {Issues} issues failed {Attempts} times (what is new is announced again by its next write): {Error}",
                    merged.Count, AnnounceAttempts, e.Message);
                return;
            }
        }
    }

    // Recording first-seen is idempotent: an issue this attempt created but did not announce is fresh to the next.
    private async Task AnnounceOnceAsync(List<IssueTally> merged, HashSet<IssueKey> raised)
    {
        var fresh = await digest.RecordFirstSeenAsync(merged, CancellationToken.None);
        foreach (var tally in merged)
            if (fresh.Contains(tally.Key) && raised.Add(tally.Key))
                alerts.Raise(tally.Key.Type, tally.Title, string.Join(",", tally.Sites), tally.Key.Fingerprint, tally.Key.Day);
        await TellAsync(merged, fresh);
        if (fresh.Count > 0)
            await digest.MarkAnnouncedAsync(fresh, CancellationToken.None);
    }

    private static string NoiseOf(IssueTally tally) =>
        tally.First[RowColumns.Noise] is { Kind: FieldKind.String } noise ? noise.AsString : "";

    /// <summary>Tells <see cref="IIssueEvents"/> (webhook alerts) what was counted and which issues are new ever; alerts carry
    /// idempotency keys, so one announced twice is posted once.</summary>
    private async Task TellAsync(List<IssueTally> merged, IReadOnlySet<IssueKey> fresh)
    {
        if (events is not { Listening: true })
            return; // no reach estimates nor lists for nobody
        await events.OnWrittenAsync(
            merged.Select(t => new WrittenIssue(t.Key, t.Title, [.. t.Sites], t.Count, t.Reach.Pages, t.LastSeen,
                NoiseOf(t), fresh.Contains(t.Key))).ToList(),
            CancellationToken.None);
    }
}

/// <summary>
/// One queue message's records, and its id: a hash of the message's bytes, the same on every delivery of the
/// message and for a copy an enqueue retry put twice, so the digest counts it once; and the digest shards the
/// message was made for (<see cref="LookoutOptions.DigestShards"/>, stamped by Ingest).
/// </summary>
public sealed record MessageRecords(string Id, IReadOnlyList<ReportRecord> Records, int Shards = 1)
{
    public static string IdOf(ReadOnlySpan<byte> message) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(message)[..16]);
}
