using Azure;
using Azure.Data.Tables;
using Lookout.Core.Issues.Reach;
using Lookout.Functions.Storage;

namespace Lookout.Functions.Read;

/// <summary>
/// The issues of a day range, one per issue: the digest's day partitions read whole (one query per day, in
/// parallel; a day of more than 1,000 issues takes one more request per 1,000) and merged per issue: counts
/// added, reach sketches merged, daily counts kept. Never a row scan: a 30-day list costs 30 queries, plus one
/// per 15 issues shown for their first seen ever (docs/performance.md).
/// </summary>
internal static class IssueRange
{
    /// <summary>Day partitions read at once.</summary>
    private const int Parallelism = 8;

    /// <summary>Comparisons per query filter the Table service allows (15), one of them the PartitionKey.</summary>
    private const int RowKeysPerQuery = 14;

    /// <summary>One issue over the range, merged from its day entities.</summary>
    public sealed class Issue(string rowKey, int days)
    {
        public string RowKey { get; } = rowKey;
        public long Count;
        public long Rows;
        public DateTimeOffset? FirstSeen;
        public DateTimeOffset? LastSeen;
        public long[] Daily { get; } = new long[days];

        /// <summary>Reports sampled out by a site's budget (counted in <see cref="Count"/>, stored as no row), per day.</summary>
        public long[] SampledDaily { get; } = new long[days];

        public long Sampled => SampledDaily.Sum();
        public int DaysSeen;
        internal int LastDayIndex = -1;
        public IssueReach? Reach;
        public SortedSet<string> Sites { get; } = new(StringComparer.Ordinal);
        /// <summary>The entity of the latest day seen: title, sample, key fields, scheme, noise.</summary>
        public TableEntity Latest = null!;
        public DateTimeOffset? FirstSeenEver;
    }

    public static async Task<List<Issue>> ReadAsync(TableClient table, DateOnly from, DateOnly to, Func<TableEntity, bool> keeps, CancellationToken cancel)
    {
        var days = to.DayNumber - from.DayNumber + 1;
        var perDay = new List<TableEntity>[days];
        await Parallel.ForEachAsync(Enumerable.Range(0, days), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancel }, async (i, ct) =>
        {
            perDay[i] = await ReadDayAsync(table, ReadParameters.Format(from.AddDays(i)), null, keeps, ct);
        });

        var byKey = new Dictionary<string, Issue>(StringComparer.Ordinal);
        for (var i = 0; i < days; i++) // oldest day first, so Latest ends on the newest
            foreach (var e in perDay[i])
            {
                if (!byKey.TryGetValue(e.RowKey, out var issue))
                    byKey[e.RowKey] = issue = new Issue(e.RowKey, days);
                // A sharded day holds an issue once per shard: merged like days, but the day counts once.
                if (issue.LastDayIndex != i)
                {
                    issue.DaysSeen++;
                    issue.LastDayIndex = i;
                }
                var count = e.GetInt64(DigestColumns.Count) ?? 0;
                issue.Count += count;
                issue.Rows += e.GetInt64(DigestColumns.Rows) ?? 0;
                issue.Daily[i] += count;
                issue.SampledDaily[i] += e.GetInt64(DigestColumns.Sampled) ?? 0;
                if (e.GetDateTimeOffset(DigestColumns.FirstSeen) is { } first && (issue.FirstSeen is null || first < issue.FirstSeen))
                    issue.FirstSeen = first;
                if (e.GetDateTimeOffset(DigestColumns.LastSeen) is { } last && (issue.LastSeen is null || last > issue.LastSeen))
                    issue.LastSeen = last;
                foreach (var site in (e.GetString(DigestColumns.Sites) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
                    issue.Sites.Add(site);
                if (IssueReach.FromBytes(e.GetBinary(DigestColumns.Reach) ?? []) is { } reach)
                {
                    if (issue.Reach is null)
                        issue.Reach = reach;
                    else
                        issue.Reach.Merge(reach);
                }
                issue.Latest = e;
            }
        return [.. byKey.Values];
    }

    /// <summary>
    /// One UTC day's issue entities that <paramref name="keeps"/> accepts: the day's partition and its shards
    /// (<see cref="DigestPartition"/>) in one range query, so an issue may come once per shard. A table that does not
    /// exist yet (nothing ingested) reads as empty.
    /// </summary>
    public static async Task<List<TableEntity>> ReadDayAsync(TableClient table, string day, string[]? select,
        Func<TableEntity, bool>? keeps, CancellationToken cancel)
    {
        var entities = new List<TableEntity>();
        try
        {
            // The day's count markers stay out: only issues are read.
            var filter = DigestPartition.OfDay(day) + " and " + DigestColumns.IssuesOnly;
            await foreach (var e in table.QueryAsync<TableEntity>(filter, 1000, select, cancel))
                if (keeps is null || keeps(e))
                    entities.Add(e);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
        }
        return entities;
    }

    /// <summary>Fills in first seen ever from the issue-level entities (absent for issues written before them: their first seen in the range stands).</summary>
    public static async Task AddFirstSeenEverAsync(TableClient table, IReadOnlyList<Issue> issues, CancellationToken cancel)
    {
        var byKey = issues.ToDictionary(i => i.RowKey, StringComparer.Ordinal);
        await Parallel.ForEachAsync(issues.Chunk(RowKeysPerQuery), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancel }, async (chunk, ct) =>
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {DigestColumns.FirstSeenPartition}") + " and (" +
                string.Join(" or ", chunk.Select(i => TableClient.CreateQueryFilter($"RowKey eq {i.RowKey}"))) + ")";
            try
            {
                await foreach (var e in table.QueryAsync<TableEntity>(filter, RowKeysPerQuery, ["RowKey", DigestColumns.FirstSeen], ct))
                    if (byKey.TryGetValue(e.RowKey, out var issue))
                        issue.FirstSeenEver = e.GetDateTimeOffset(DigestColumns.FirstSeen);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
            }
        });
        foreach (var issue in issues)
            if (issue.FirstSeenEver is null || (issue.FirstSeen is { } first && first < issue.FirstSeenEver))
                issue.FirstSeenEver = issue.FirstSeen;
    }
}
