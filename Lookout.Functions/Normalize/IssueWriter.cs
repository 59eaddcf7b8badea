using Lookout.Core.Records;
using Lookout.Functions.Ports;
using Microsoft.Extensions.Logging;

namespace Lookout.Functions.Normalize;

/// <summary>
/// Writes one group of messages' records: the issue counts first (one digest update per issue per group, not
/// per report; each message counted once, however often it is processed: <see cref="IDigestStore.CountAsync"/>), then the rows each issue's daily row cap still allows, of all messages together (entity
/// group transactions across messages, so even 1-report deliveries share table transactions), and raises
/// <c>NewIssue</c> for issues new to the day and the days before it. Runs inside <see cref="ReportGroupCommit"/>,
/// one group at a time per process.
/// </summary>
public sealed partial class IssueWriter(IDigestStore digest, IReportStore rows, ILogger<IssueWriter> logger)
{
    /// <summary>Days before an issue's day that are checked before it is announced as new.</summary>
    public const int NewIssueLookbackDays = 7;

    /// <summary>Writes the messages' records; returns, per message, how many of its records became rows.</summary>
    public async Task<IReadOnlyList<int>> WriteAsync(IReadOnlyList<MessageRecords> messages)
    {
        var counted = messages.Select(m => new CountedMessage(m.Id, IssueTally.Of(m.Records))).ToList();
        // Not cancelled with an invocation: once started, counts are kept.
        var outcomes = await digest.CountAsync(counted, CancellationToken.None);
        await AnnounceNewIssuesAsync(counted, outcomes);
        // A message counted before still rewrites the rows it was allowed then: the first attempt may have
        // stopped between its counts and its rows.
        var kept = messages.Select((m, i) => Kept(m.Records, outcomes[i].RowsAllowed)).ToList();
        await rows.UpsertAsync(Distinct(kept.SelectMany(k => k)), CancellationToken.None);
        return kept.Select(k => k.Count).ToList();
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

    private async Task AnnounceNewIssuesAsync(List<CountedMessage> messages, IReadOnlyList<CountOutcome> outcomes)
    {
        var announced = new HashSet<IssueKey>();
        for (var m = 0; m < messages.Count; m++)
            foreach (var tally in messages[m].Tallies)
            {
                if (!outcomes[m].Created.Contains(tally.Key) || !announced.Add(tally.Key))
                    continue;
                try
                {
                    if (await digest.SeenBeforeAsync(tally.Key, NewIssueLookbackDays, CancellationToken.None))
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
}

/// <summary>
/// One queue message's records, and its id: a hash of the message's bytes, the same on every delivery of the
/// message and for a copy an enqueue retry put twice, so the digest counts it once.
/// </summary>
public sealed record MessageRecords(string Id, IReadOnlyList<ReportRecord> Records)
{
    public static string IdOf(ReadOnlySpan<byte> message) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(message)[..16]);
}
