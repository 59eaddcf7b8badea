using Lookout.Core.Formats.Kinds;
using Lookout.Core.Records;
using System.Collections.Concurrent;
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
/// The digest in table <c>issues</c>: PartitionKey the UTC day, RowKey <c>type_fingerprint</c>. Each apply
/// writes a day's entities in entity group transactions (≤100), every update conditional on the ETag last
/// seen; on a conflict (another instance or poller wrote first) the entities are read again and the apply
/// retried, so counts add up exactly. Entities this process wrote stay cached with their ETags, so a hot
/// issue costs one write per apply and no read.
/// </summary>
public sealed class TableDigestStore(StorageClients storage, IOptions<LookoutOptions> options) : IDigestStore
{
    private const int MaxAttempts = 20;
    private const int MaxDisplayLength = 1024;

    private readonly ConcurrentDictionary<IssueKey, TableEntity> _known = new();

    public async Task<IReadOnlyDictionary<IssueKey, DigestOutcome>> ApplyAsync(IReadOnlyList<IssueTally> tallies, CancellationToken cancellationToken)
    {
        var outcomes = new ConcurrentDictionary<IssueKey, DigestOutcome>();
        var chunks = tallies.GroupBy(t => t.Key.Day).SelectMany(day => day.Chunk(TableReportStore.MaxBatchActions));
        await Task.WhenAll(chunks.Select(chunk => ApplyChunkAsync(chunk, outcomes, cancellationToken)));
        return outcomes;
    }

    private async Task ApplyChunkAsync(IssueTally[] chunk, ConcurrentDictionary<IssueKey, DigestOutcome> outcomes, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await Task.WhenAll(chunk.Where(t => !_known.ContainsKey(t.Key)).Select(t => LoadAsync(t.Key, cancellationToken)));
            var actions = new List<TableTransactionAction>(chunk.Length);
            var pending = new List<(IssueKey Key, TableEntity Entity, DigestOutcome Outcome)>(chunk.Length);
            foreach (var tally in chunk)
            {
                _known.TryGetValue(tally.Key, out var current);
                var (entity, outcome) = Apply(current, tally);
                actions.Add(current is null
                    ? new TableTransactionAction(TableTransactionActionType.Add, entity)
                    : new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, current.ETag));
                pending.Add((tally.Key, entity, outcome));
            }
            try
            {
                var etags = await SubmitAsync(actions, cancellationToken);
                for (var i = 0; i < pending.Count; i++)
                {
                    pending[i].Entity.ETag = etags[i];
                    _known[pending[i].Key] = pending[i].Entity;
                    outcomes[pending[i].Key] = pending[i].Outcome;
                }
                return;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < MaxAttempts)
            {
                // Someone else wrote one of these entities (or created it) since we read it: read again.
                foreach (var tally in chunk)
                    _known.TryRemove(tally.Key, out _);
            }
            catch (RequestFailedException e) when (e.Status == 404 && attempt < MaxAttempts)
            {
                // The table, or an entity we had cached, is gone (deleted, retention): start from what is there.
                foreach (var tally in chunk)
                    _known.TryRemove(tally.Key, out _);
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

    private async Task<ETag[]> SubmitAsync(List<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        if (actions.Count == 1)
        {
            var action = actions[0];
            var response = action.ActionType == TableTransactionActionType.Add
                ? await storage.Issues.AddEntityAsync(action.Entity, cancellationToken)
                : await storage.Issues.UpdateEntityAsync(action.Entity, action.ETag, TableUpdateMode.Replace, cancellationToken);
            return [response.Headers.ETag ?? default];
        }
        var responses = (await storage.Issues.SubmitTransactionAsync(actions, cancellationToken)).Value;
        return responses.Select(r => r.Headers.ETag ?? default).ToArray();
    }

    private async Task LoadAsync(IssueKey key, CancellationToken cancellationToken)
    {
        try
        {
            var response = await storage.Issues.GetEntityIfExistsAsync<TableEntity>(key.Day, key.RowKey, cancellationToken: cancellationToken);
            if (response.HasValue)
                _known[key] = response.Value!;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // No table yet: the first write creates it.
        }
    }

    /// <summary>The entity after adding <paramref name="tally"/> to <paramref name="current"/> (null: none yet).</summary>
    internal (TableEntity Entity, DigestOutcome Outcome) Apply(TableEntity? current, IssueTally tally)
    {
        var entity = current is null ? NewEntity(tally) : new TableEntity(current);
        var rowsBefore = entity.GetInt64(DigestColumns.Rows) ?? 0;
        var allowed = RowCap.Allowed(options.Value.MaxRowsPerIssuePerDay, rowsBefore, tally.Rows);
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
        if (!tally.Policies.IsEmpty)
            MergePolicies(entity, tally.Policies);
        // Noise is a property of the issue: a fingerprint is normally all noise or all clean (the blocked origin or
        // source is part of it), but a rule on the site tag can flag it later; once flagged, it stays flagged.
        if (string.IsNullOrEmpty(entity.GetString(DigestColumns.Noise)) && tally.First[DigestColumns.Noise] is { Kind: FieldKind.String } noise)
            entity[DigestColumns.Noise] = noise.AsString;
        return (entity, new DigestOutcome(allowed, current is null));
    }

    private static TableEntity NewEntity(IssueTally tally)
    {
        var entity = new TableEntity(tally.Key.Day, tally.Key.RowKey)
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
                _firstSeenKnown[tally.Key] = true;
            });
        return fresh.Keys.ToHashSet();
    }

    /// <summary>Adds the issue's first-seen entity; true when this call created it (the issue is new ever), else marks its day as seen.</summary>
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
            return false;
        }
    }
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

    /// <summary>A digest entity's own column (the rest are display fields copied from its sample row).</summary>
    public static bool IsOwn(string name) => RowColumns.IsSystem(name) || name is Type or Fingerprint or Title or Noise
        or Count or Rows or Sampled or FirstSeen or LastSeen or Sites or SamplePartitionKey or SampleRowKey
        or FingerprintScheme or Reach or Pages or Origins or Policies or PolicyOverflow;

    /// <summary>Row properties copied to a new digest entity: the document URL and the type's key fields, except the
    /// policy text (long, and the same on every report of a site).</summary>
    public static bool IsDisplayField(string name) =>
        name == RowColumns.Url || (!RowColumns.IsOwn(name) && name != CspViolation.OriginalPolicy.Column);
}
