using Lookout.Functions.Normalize;

namespace Lookout.Functions.Ports;

/// <summary>
/// The digest (table <c>issues</c>): one entity per day, type and fingerprint with its counts. Writes are
/// read-modify-write under optimistic concurrency, so racing writers (instances, pollers) never lose a count.
/// </summary>
public interface IDigestStore
{
    /// <summary>
    /// Adds the tallies (one per issue, already merged) to their entities and returns, per issue, how many of
    /// the added reports may still be stored as rows (the day's row cap minus the rows already allowed) and
    /// whether this call created the issue's entity for the day.
    /// </summary>
    Task<IReadOnlyDictionary<IssueKey, DigestOutcome>> ApplyAsync(IReadOnlyList<IssueTally> tallies, CancellationToken cancellationToken);

    /// <summary>Whether the issue had an entity on any of the <paramref name="days"/> days before its day.</summary>
    Task<bool> SeenBeforeAsync(IssueKey key, int days, CancellationToken cancellationToken);
}

/// <param name="RowsAllowed">Reports of this apply that may become rows.</param>
/// <param name="Created">The entity did not exist for the day before this apply.</param>
/// <param name="DayCount">The issue's count for the day after this apply (escalation compares with it).</param>
public readonly record struct DigestOutcome(long RowsAllowed, bool Created, long DayCount = 0);
