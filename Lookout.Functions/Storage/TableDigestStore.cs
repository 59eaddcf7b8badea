using Lookout.Core.Formats.Kinds;
using Lookout.Core.Records;
using System.Collections.Concurrent;
using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Lookout.Core.Issues;
using Lookout.Core.Issues.Reach;
using Lookout.Core.Policy;
using Lookout.Core.Reports;
using Lookout.Functions.Normalize;
using Lookout.Functions.Ports;
using Microsoft.Extensions.Options;

namespace Lookout.Functions.Storage;

/// <summary>
/// The digest in table <c>issues</c>: PartitionKey the UTC day, RowKey <c>type_fingerprint</c>, and beside the
/// issues one marker per counted message (<see cref="DigestColumns.MarkerPrefix"/>). A group's counts go in
/// entity group transactions (≤100 actions: issues plus markers), every update conditional on the ETag last
/// seen; on a conflict (another instance or poller wrote first) the entities are read again and the
/// transaction retried, and a marker that exists takes its message out (it was counted before), so counts add
/// up exactly, once per message. Entities this process wrote stay cached with their ETags, so a hot issue costs
/// one write per group and no read.
/// </summary>
public sealed class TableDigestStore(StorageClients storage, IOptions<LookoutOptions> options) : IDigestStore
{
    private const int MaxAttempts = 20;

    /// <summary>Issues one marker guards: with its marker, one entity group transaction.</summary>
    internal const int MaxIssuesPerSlice = TableReportStore.MaxBatchActions - 1;
    private const int MaxDisplayLength = 1024;

    private readonly ConcurrentDictionary<EntityKey, TableEntity> _known = new();

    /// <summary>An issue's entity in one partition: its day's, or one shard of its day.</summary>
    private readonly record struct EntityKey(string Partition, string RowKey);

    public async Task<IReadOnlyList<CountOutcome>> CountAsync(IReadOnlyList<CountedMessage> messages, CancellationToken cancellationToken)
    {
        // A copy of a message in the same group (an enqueue that was retried after it had succeeded) is not a
        // second count: it gets the first copy's outcome, and its rows are the same rows.
        var firstCopy = new Dictionary<string, int>(StringComparer.Ordinal);
        var slices = new List<Slice>();
        for (var m = 0; m < messages.Count; m++)
        {
            if (!firstCopy.TryAdd(messages[m].Id, m))
                continue;
            var part = 0;
            foreach (var day in messages[m].Tallies.GroupBy(t => t.Key.Day).OrderBy(d => d.Key, StringComparer.Ordinal))
                foreach (var chunk in day.OrderBy(t => t.Key.RowKey, StringComparer.Ordinal).Chunk(MaxIssuesPerSlice))
                    slices.Add(new Slice(m, DigestPartition.Of(day.Key, messages[m].Id, messages[m].Shards), messages[m].Shards,
                        DigestColumns.MarkerPrefix + messages[m].Id + "_" + part++, chunk));
        }
        await Task.WhenAll(slices.GroupBy(s => s.Partition).Select(partition => CountPartitionAsync(partition.ToList(), cancellationToken)));

        var outcomes = new CountOutcome[messages.Count];
        foreach (var message in slices.GroupBy(s => s.Message))
            outcomes[message.Key] = new CountOutcome(
                message.SelectMany(s => s.Allowed).ToDictionary(),
                message.All(s => s.CountedBefore));
        for (var m = 0; m < messages.Count; m++)
            outcomes[m] ??= firstCopy[messages[m].Id] is var first && first != m && outcomes[first] is { } original
                ? original
                : new CountOutcome(new Dictionary<IssueKey, long>(), false);
        return outcomes;
    }

    /// <summary>A partition's slices in as few transactions as fit: issues touched plus one marker per slice, at most 100.</summary>
    private async Task CountPartitionAsync(List<Slice> slices, CancellationToken cancellationToken)
    {
        var batch = new List<Slice>();
        var issues = new HashSet<IssueKey>();
        foreach (var slice in slices)
        {
            var union = issues.Count + slice.Tallies.Count(t => !issues.Contains(t.Key));
            if (batch.Count > 0 && union + batch.Count + 1 > TableReportStore.MaxBatchActions)
            {
                // One at a time: the next transaction of this partition builds on the ETags this one leaves.
                await CommitAsync(batch, cancellationToken);
                batch = [];
                issues.Clear();
            }
            batch.Add(slice);
            issues.UnionWith(slice.Tallies.Select(t => t.Key));
        }
        if (batch.Count > 0)
            await CommitAsync(batch, cancellationToken);
    }

    /// <summary>
    /// One entity group transaction: the issues' new counts (each conditional on its ETag) and a marker per
    /// slice. It fails as a whole if a marker exists: that slice was counted before, so it leaves the batch
    /// with the rows it was allowed then, and the others are tried again.
    /// </summary>
    private async Task CommitAsync(List<Slice> batch, CancellationToken cancellationToken)
    {
        var live = new List<Slice>(batch);
        for (var attempt = 1; live.Count > 0; attempt++)
        {
            var partition = live[0].Partition;
            var keys = live.SelectMany(s => s.Tallies.Select(t => new EntityKey(partition, t.Key.RowKey))).Distinct().ToList();
            await Task.WhenAll(keys.Where(k => !_known.ContainsKey(k)).Chunk(RowKeysPerQuery).Select(chunk => LoadAsync(partition, chunk, cancellationToken)));
            var before = keys.ToDictionary(k => k, k => _known.GetValueOrDefault(k));
            var after = new Dictionary<EntityKey, TableEntity?>(before);
            foreach (var slice in live)
            {
                slice.Allowed.Clear();
                foreach (var tally in slice.Tallies)
                {
                    var key = new EntityKey(partition, tally.Key.RowKey);
                    var (entity, outcome) = Apply(after[key], tally, partition, slice.Shards);
                    after[key] = entity;
                    slice.Allowed[tally.Key] = outcome.RowsAllowed;
                }
            }
            var actions = keys.Select(k => before[k] is { } current
                    ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, after[k]!, current.ETag)
                    : new TableTransactionAction(TableTransactionActionType.Add, after[k]!))
                .Concat(live.Select(s => new TableTransactionAction(TableTransactionActionType.Add, Marker(s))))
                .ToList();
            try
            {
                var responses = (await storage.Issues.SubmitTransactionAsync(actions, cancellationToken)).Value;
                for (var i = 0; i < keys.Count; i++)
                {
                    after[keys[i]]!.ETag = responses[i].Headers.ETag ?? default;
                    _known[keys[i]] = after[keys[i]]!;
                }
                return;
            }
            catch (TableTransactionFailedException e) when (e.Status == 409 && e.FailedTransactionActionIndex is { } index && index >= keys.Count && attempt < MaxAttempts)
            {
                // Nothing was written; that slice's marker exists. The cached entities are still current.
                await CountedBeforeAsync(live[index - keys.Count], cancellationToken);
                live.RemoveAt(index - keys.Count);
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < MaxAttempts)
            {
                // Someone else wrote (or created) one of these issues since we read it: read them again. Only an
                // answer that does not say which action failed sends us looking for markers (a GET per slice).
                foreach (var key in keys)
                    _known.TryRemove(key, out _);
                if (e is TableTransactionFailedException { FailedTransactionActionIndex: { } failed } && failed < keys.Count)
                    continue;
                foreach (var slice in live.ToList())
                    if (await CountedBeforeAsync(slice, cancellationToken))
                        live.Remove(slice);
            }
            catch (RequestFailedException e) when (e.Status == 404 && attempt < MaxAttempts)
            {
                // The table, or an entity we had cached, is gone (deleted, retention): start from what is there.
                foreach (var key in keys)
                    _known.TryRemove(key, out _);
                // ResourceNotFound: an entity we updated is gone; any other 404 (TableNotFound): the table is.
                if (e.ErrorCode != "ResourceNotFound")
                {
                    if (!options.Value.CreateResources)
                        throw new StorageResourceMissingException(storage.Issues.Name, e);
                    await storage.Issues.CreateIfNotExistsAsync(cancellationToken);
                }
            }
            catch (Exception e) when (MissingResource.IsBeingDeleted(e))
            {
                throw new StorageResourceMissingException(storage.Issues.Name, e);
            }
        }
    }

    /// <summary>The marker: named after the message and slice, holding the rows each issue allowed it.</summary>
    private static TableEntity Marker(Slice slice) => new(slice.Partition, slice.Marker)
    {
        [DigestColumns.MarkerRows] = string.Join('\n', slice.Allowed.Select(a => a.Key.RowKey + "=" + a.Value.ToString(CultureInfo.InvariantCulture))),
    };

    /// <summary>True when the slice's marker exists; the slice then takes the rows it was allowed when it was counted.</summary>
    private async Task<bool> CountedBeforeAsync(Slice slice, CancellationToken cancellationToken)
    {
        var marker = await storage.Issues.GetEntityIfExistsAsync<TableEntity>(slice.Partition, slice.Marker, cancellationToken: cancellationToken);
        if (!marker.HasValue)
            return false;
        var stored = (marker.Value!.GetString(DigestColumns.MarkerRows) ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('='))
            .ToDictionary(p => p[0], p => long.Parse(p[1], CultureInfo.InvariantCulture), StringComparer.Ordinal);
        slice.Allowed.Clear();
        foreach (var tally in slice.Tallies)
            // An issue the marker does not name (a fingerprint changed between the two runs): keep its rows.
            slice.Allowed[tally.Key] = stored.TryGetValue(tally.Key.RowKey, out var n) ? Math.Min(n, tally.Rows) : tally.Rows;
        slice.CountedBefore = true;
        return true;
    }

    /// <summary>
    /// One message's issues of one day, at most <see cref="MaxIssuesPerSlice"/>: what one marker guards, in the
    /// day's partition (or the message's shard of it). The slicing depends only on the message, so every run of it
    /// names the same markers in the same partitions.
    /// </summary>
    private sealed class Slice(int message, string partition, int shards, string marker, IssueTally[] tallies)
    {
        public int Message { get; } = message;
        public string Partition { get; } = partition;
        public int Shards { get; } = shards;
        public string Marker { get; } = marker;
        public IssueTally[] Tallies { get; } = tallies;
        public Dictionary<IssueKey, long> Allowed { get; } = [];
        public bool CountedBefore { get; set; }
    }

    /// <summary>Row keys one query names (the Table service allows 15 comparisons per filter, one is the PartitionKey).</summary>
    private const int RowKeysPerQuery = 14;

    /// <summary>
    /// Reads the entities of <paramref name="keys"/> (one partition) into the cache: one request for up to 14, so a
    /// group that lost an ETag race to another instance reads its issues again in a few requests, not one per issue.
    /// </summary>
    private async Task LoadAsync(string partition, EntityKey[] keys, CancellationToken cancellationToken)
    {
        try
        {
            if (keys.Length == 1)
            {
                var response = await storage.Issues.GetEntityIfExistsAsync<TableEntity>(partition, keys[0].RowKey, cancellationToken: cancellationToken);
                if (response.HasValue)
                    _known[keys[0]] = response.Value!;
                return;
            }
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition}") + " and (" +
                string.Join(" or ", keys.Select(k => TableClient.CreateQueryFilter($"RowKey eq {k.RowKey}"))) + ")";
            await foreach (var entity in storage.Issues.QueryAsync<TableEntity>(filter, RowKeysPerQuery, cancellationToken: cancellationToken))
                _known[new EntityKey(partition, entity.RowKey)] = entity;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // No table yet: the first write creates it.
        }
    }

    /// <summary>The entity after adding <paramref name="tally"/> to <paramref name="current"/> (null: none yet).</summary>
    internal (TableEntity Entity, DigestOutcome Outcome) Apply(TableEntity? current, IssueTally tally, string partition, int shards)
    {
        var entity = current is null ? NewEntity(tally, partition) : new TableEntity(current);
        var rowsBefore = entity.GetInt64(DigestColumns.Rows) ?? 0;
        var allowed = RowCap.Allowed(RowCap.PerShard(options.Value.MaxRowsPerIssuePerDay, shards), rowsBefore, tally.Rows);
        entity[DigestColumns.Count] = (entity.GetInt64(DigestColumns.Count) ?? 0) + tally.Count;
        entity[DigestColumns.Rows] = rowsBefore + allowed;
        if (tally.Sampled > 0 || entity.ContainsKey(DigestColumns.Sampled))
            entity[DigestColumns.Sampled] = (entity.GetInt64(DigestColumns.Sampled) ?? 0) + tally.Sampled;
        if (entity.GetDateTimeOffset(DigestColumns.FirstSeen) is not { } first || tally.FirstSeen < first)
            entity[DigestColumns.FirstSeen] = tally.FirstSeen;
        if (entity.GetDateTimeOffset(DigestColumns.LastSeen) is not { } last || tally.LastSeen > last)
            entity[DigestColumns.LastSeen] = tally.LastSeen;
        entity[DigestColumns.Sites] = MergeSites(entity.GetString(DigestColumns.Sites), tally.Sites);
        // Reach: the stored sketches merged with the group's (an entity of an older build has none yet).
        var reach = IssueReach.FromBytes(entity.GetBinary(DigestColumns.Reach) ?? []) ?? new IssueReach();
        reach.Merge(tally.Reach);
        entity[DigestColumns.Reach] = reach.ToBytes();
        entity[DigestColumns.Pages] = reach.Pages;
        entity[DigestColumns.Origins] = reach.Sites;
        entity[DigestColumns.Hours] = Core.Alerts.HourlyCounts.Add(entity.GetString(DigestColumns.Hours), tally.LastSeen.UtcDateTime.Hour, tally.Count);
        if (!tally.Policies.IsEmpty)
            MergePolicies(entity, tally.Policies);
        // Noise is a property of the issue: a fingerprint is normally all noise or all clean (the blocked origin or
        // source is part of it), but a rule on the site tag can flag it later; once flagged, it stays flagged.
        if (string.IsNullOrEmpty(entity.GetString(DigestColumns.Noise)) && tally.First[DigestColumns.Noise] is { Kind: FieldKind.String } noise)
            entity[DigestColumns.Noise] = noise.AsString;
        return (entity, new DigestOutcome(allowed, current is null));
    }

    private static TableEntity NewEntity(IssueTally tally, string partition)
    {
        var entity = new TableEntity(partition, tally.Key.RowKey)
        {
            [DigestColumns.Type] = tally.Key.Type,
            [DigestColumns.Fingerprint] = tally.Key.Fingerprint,
            [DigestColumns.Title] = Cut(tally.Title),
            [DigestColumns.SamplePartitionKey] = tally.First.PartitionKey,
            [DigestColumns.SampleRowKey] = tally.First.RowKey,
            [DigestColumns.FingerprintScheme] = tally.First[DigestColumns.FingerprintScheme]?.AsInt64 ?? 1L,
        };
        // The first report's key fields, for showing the issue without opening a row.
        foreach (var property in tally.First.Properties)
        {
            if (!DigestColumns.IsDisplayField(property.Name))
                continue;
            entity[property.Name] = property.Value.Kind == FieldKind.String ? Cut(property.Value.AsString) : property.Value.ToObject();
        }
        return entity;
    }

    /// <summary>The stored per-policy counts plus the tally's (CSP issues; docs/policy.md, "Storage").</summary>
    private static void MergePolicies(TableEntity entity, PolicyTallies added)
    {
        var policies = PolicyTallies.Parse(entity.GetString(DigestColumns.Policies), entity.GetInt64(DigestColumns.PolicyOverflow) ?? 0);
        policies.Merge(added);
        entity[DigestColumns.Policies] = policies.Format();
        if (policies.Overflow > 0)
            entity[DigestColumns.PolicyOverflow] = policies.Overflow;
    }

    private static string MergeSites(string? stored, IEnumerable<string> added)
    {
        var sites = new SortedSet<string>(stored?.Split(',', StringSplitOptions.RemoveEmptyEntries) ?? [], StringComparer.Ordinal);
        foreach (var site in added)
            if (sites.Count < IssueTally.MaxSites)
                sites.Add(site);
        return string.Join(',', sites);
    }

    /// <summary>A display field of at most <see cref="MaxDisplayLength"/> characters; a cut one ends in "…" so nobody takes it for the whole.</summary>
    internal static string Cut(string text)
    {
        if (text.Length <= MaxDisplayLength)
            return text;
        var end = MaxDisplayLength - 1;
        if (char.IsHighSurrogate(text[end - 1]))
            end--; // never half a character
        return text[..end] + "…";
    }

    /// <summary>Issue-level keys whose first-seen entity this process has written or found for their day.</summary>
    private readonly ConcurrentDictionary<IssueKey, bool> _firstSeenKnown = new();
    private const int MaxFirstSeenKnown = 100_000;

    public async Task<IReadOnlySet<IssueKey>> RecordFirstSeenAsync(IReadOnlyList<IssueTally> tallies, CancellationToken cancellationToken)
    {
        if (_firstSeenKnown.Count > MaxFirstSeenKnown)
            _firstSeenKnown.Clear(); // only costs a second look at each issue
        var fresh = new ConcurrentDictionary<IssueKey, bool>();
        await Parallel.ForEachAsync(tallies.Where(t => !_firstSeenKnown.ContainsKey(t.Key)),
            new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (tally, ct) =>
            {
                if (await AddFirstSeenAsync(tally, ct))
                    fresh[tally.Key] = true;
                else
                    _firstSeenKnown[tally.Key] = true; // announced: the new ones are known once MarkAnnouncedAsync says so
            });
        return fresh.Keys.ToHashSet();
    }

    public async Task MarkAnnouncedAsync(IReadOnlyCollection<IssueKey> issues, CancellationToken cancellationToken)
    {
        await Parallel.ForEachAsync(issues, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (key, ct) =>
        {
            var announced = new TableEntity(DigestColumns.FirstSeenPartition, key.RowKey) { [DigestColumns.Announced] = true };
            await storage.Issues.UpdateEntityAsync(announced, ETag.All, TableUpdateMode.Merge, ct);
            _firstSeenKnown[key] = true;
        });
    }

    /// <summary>
    /// Adds the issue's first-seen entity (not yet announced); true when this call created it, or when it exists
    /// unannounced (an earlier write stopped before announcing it); else marks its day as seen.
    /// </summary>
    private async Task<bool> AddFirstSeenAsync(IssueTally tally, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(DigestColumns.FirstSeenPartition, tally.Key.RowKey)
        {
            [DigestColumns.Type] = tally.Key.Type,
            [DigestColumns.Fingerprint] = tally.Key.Fingerprint,
            [DigestColumns.Title] = Cut(tally.Title),
            [DigestColumns.FirstSeen] = tally.FirstSeen,
            [DigestColumns.FirstDay] = tally.Key.Day,
            [DigestColumns.LastDay] = tally.Key.Day,
            [DigestColumns.FingerprintScheme] = tally.First[DigestColumns.FingerprintScheme]?.AsInt64 ?? 1L,
            [DigestColumns.Announced] = false,
        };
        try
        {
            await storage.Issues.AddEntityAsync(entity, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Seen before: only its last day moves on (retention keeps the entity while the issue is seen).
            var lastDay = new TableEntity(DigestColumns.FirstSeenPartition, tally.Key.RowKey) { [DigestColumns.LastDay] = tally.Key.Day };
            await storage.Issues.UpdateEntityAsync(lastDay, ETag.All, TableUpdateMode.Merge, cancellationToken);
            // An entity of an older build has no Announced column: it was announced when it was written.
            var stored = await storage.Issues.GetEntityAsync<TableEntity>(DigestColumns.FirstSeenPartition, tally.Key.RowKey,
                [DigestColumns.Announced], cancellationToken);
            return stored.Value.GetBoolean(DigestColumns.Announced) == false;
        }
    }
}

/// <summary>
/// The digest partition a message is counted in: its UTC day, or with <c>shards</c> above 1 one shard of it,
/// <c>yyyy-MM-dd_NN</c>, NN from the message id (a hash, so shards fill evenly). Day ranges read both forms:
/// <c>PartitionKey ge day and lt day + '`'</c> ('_' sorts just before '`', and the next day after both).
/// </summary>
public static class DigestPartition
{
    public static string Of(string day, string messageId, int shards) =>
        shards <= 1 ? day : day + "_" + (Convert.ToUInt32(messageId[..8], 16) % (uint)shards).ToString("D2", CultureInfo.InvariantCulture);

    /// <summary>Filter for every partition of one UTC day (the day's, and its shards).</summary>
    public static string OfDay(string day) => TableClient.CreateQueryFilter($"PartitionKey ge {day} and PartitionKey lt {day + "`"}");

    /// <summary>The UTC day of a digest partition (itself, or before its shard suffix).</summary>
    public static string DayOf(string partition) => partition.Length > 10 && partition[10] == '_' ? partition[..10] : partition;
}

/// <summary>The digest entity's properties (docs/schema.md, "Table issues").</summary>
public static class DigestColumns
{
    public const string Type = RowColumns.Type;
    public const string Fingerprint = RowColumns.Fingerprint;
    public const string Title = RowColumns.Title;
    public const string Noise = RowColumns.Noise;
    public const string Count = "Count";
    public const string Rows = "Rows";

    /// <summary>Reports of Count that the site's budget sampled out (Lookout__Sites); absent while none were.</summary>
    public const string Sampled = "Sampled";
    public const string FirstSeen = "FirstSeen";
    public const string LastSeen = "LastSeen";
    public const string Sites = "Sites";
    public const string SamplePartitionKey = "SamplePartitionKey";
    public const string SampleRowKey = "SampleRowKey";
    public const string FingerprintScheme = RowColumns.FingerprintScheme;

    /// <summary>The reach sketches (<see cref="IssueReach.ToBytes"/>): distinct pages and sites, top pages, browsers.</summary>
    public const string Reach = "Reach";

    /// <summary>Distinct pages (origin + path) and document origins of the day, estimated from <see cref="Reach"/>.</summary>
    public const string Pages = "Pages", Origins = "Origins";

    /// <summary>CSP issues: reports per policy id (<see cref="PolicyTallies.Format"/>), and those of policies beyond
    /// <see cref="PolicyTallies.MaxPolicies"/> (absent while none).</summary>
    public const string Policies = "Policies", PolicyOverflow = "PolicyOverflow";

    /// <summary>
    /// The partition of issue-level entities (one per issue, written when it is first seen: first seen ever, first
    /// and last day). Letters sort after every day, so day ranges (reads, retention) never touch it.
    /// </summary>
    public const string FirstSeenPartition = "issue";
    public const string FirstDay = "FirstDay", LastDay = "LastDay";

    /// <summary>On an issue-level entity: false from its insert until the issue's events are raised and alerts queued.</summary>
    public const string Announced = "Announced";

    /// <summary>
    /// RowKeys from here on are markers, not issues: one per counted queue message (and slice), written in the
    /// same transaction as its counts. Issue RowKeys start with a type slug (lowercase), so they sort before.
    /// </summary>
    public const string MarkerPrefix = "~";

    /// <summary>The marker's record of the rows it was allowed: <c>type_fingerprint=n</c> lines.</summary>
    public const string MarkerRows = "Allowed";

    /// <summary>Filter clause that keeps issues and leaves markers out.</summary>
    public static string IssuesOnly => $"RowKey lt '{MarkerPrefix}'";

    /// <summary>Filter clause that keeps the markers only.</summary>
    public static string MarkersOnly => $"RowKey ge '{MarkerPrefix}'";

    public static bool IsMarker(string rowKey) => rowKey.StartsWith(MarkerPrefix, StringComparison.Ordinal);

    /// <summary>Reports per UTC hour of the day, 24 comma-separated numbers (the spike rule's input).</summary>
    public const string Hours = "Hours";

    /// <summary>A digest entity's own column (the rest are display fields copied from its sample row).</summary>
    public static bool IsOwn(string name) => RowColumns.IsSystem(name) || name is Type or Fingerprint or Title or Noise
        or Count or Rows or Sampled or FirstSeen or LastSeen or Sites or SamplePartitionKey or SampleRowKey
        or FingerprintScheme or Reach or Pages or Origins or Hours or Policies or PolicyOverflow;

    /// <summary>Row properties copied to a new digest entity: the document URL and the type's key fields, except the
    /// policy text (long, and the same on every report of a site).</summary>
    public static bool IsDisplayField(string name) =>
        name == RowColumns.Url || (!RowColumns.IsOwn(name) && name != CspViolation.OriginalPolicy.Column);
}
