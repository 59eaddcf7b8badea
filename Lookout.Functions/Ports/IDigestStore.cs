using Lookout.Functions.Normalize;

namespace Lookout.Functions.Ports;

/// <summary>
/// The digest (table <c>issues</c>): one entity per day, type and fingerprint with its counts. Writes are
/// read-modify-write under optimistic concurrency, so racing writers (instances, pollers) never lose a count,
/// and each queue message is counted once: its counts go in the same entity group transaction as a marker
/// entity named after the message, which exists only if they were added.
/// </summary>
public interface IDigestStore
{
    /// <summary>
    /// Adds each message's tallies to their entities unless that message was counted before (its marker
    /// exists), and returns, per message in order, how many of its reports may become rows per issue (the
    /// day's row cap, shared out in order; for a message counted before, what it was allowed then).
    /// </summary>
    Task<IReadOnlyList<CountOutcome>> CountAsync(IReadOnlyList<CountedMessage> messages, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the issue-level entity of each issue not seen before (first seen ever; an atomic insert, so exactly
    /// one writer wins whatever the instances) and moves the last day of the others on; returns the issues new
    /// ever, and also those whose entity exists but was never announced (<see cref="MarkAnnouncedAsync"/>): the
    /// write that inserted it stopped before its new-issue alert was queued. Call it after the counts.
    /// </summary>
    Task<IReadOnlySet<IssueKey>> RecordFirstSeenAsync(IReadOnlyList<IssueTally> tallies, CancellationToken cancellationToken);

    /// <summary>Records that the new issues' events are raised and their alerts queued, so no later write announces them again.</summary>
    Task MarkAnnouncedAsync(IReadOnlyCollection<IssueKey> issues, CancellationToken cancellationToken);
}

/// <summary>
/// One queue message's tallies (one per issue), under an id that is the same every time the message is processed,
/// and the digest shards it is counted in (its day's partition, or with several one of <c>day_NN</c> by its id).
/// </summary>
public sealed record CountedMessage(string Id, IReadOnlyList<IssueTally> Tallies, int Shards = 1);

/// <param name="RowsAllowed">Per issue, reports of this message that may become rows.</param>
/// <param name="CountedBefore">The message had been counted already: nothing was added this time.</param>
public sealed record CountOutcome(IReadOnlyDictionary<IssueKey, long> RowsAllowed, bool CountedBefore);

/// <summary>What adding one tally did to its issue's entity.</summary>
/// <param name="RowsAllowed">Reports of the tally that may become rows.</param>
/// <param name="Created">The entity did not exist for the day before.</param>
public readonly record struct DigestOutcome(long RowsAllowed, bool Created);
