using Azure;
using Azure.Data.Tables;
using Lookout.Core.Triage;
using Lookout.Functions.Storage;
using Microsoft.Extensions.Options;

namespace Lookout.Functions.Triage;

/// <summary>
/// Triage state per issue in table <c>triage</c> (PartitionKey <c>issue</c>, RowKey <c>type_fingerprint</c>):
/// small (only issues someone triaged), so every instance keeps all of it in memory and reads it again at most
/// every <see cref="RefreshInterval"/>; a change made through this instance is seen at once. Issues without an
/// entity are open.
/// </summary>
public sealed class TriageStore(StorageClients storage, IOptions<LookoutOptions> options, TimeProvider time)
{
    public const string IssuePartition = "issue";
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile Dictionary<string, IssueTriage> _states = new(StringComparer.Ordinal);
    private DateTimeOffset _loadedAt = DateTimeOffset.MinValue;

    public async Task<IssueTriage?> GetAsync(string type, string fingerprint, CancellationToken cancellationToken)
    {
        await RefreshIfOldAsync(cancellationToken);
        return _states.GetValueOrDefault(type + "_" + fingerprint);
    }

    /// <summary>Every triaged issue (for lists and the timer).</summary>
    public async Task<IReadOnlyCollection<IssueTriage>> AllAsync(CancellationToken cancellationToken)
    {
        await RefreshIfOldAsync(cancellationToken);
        return _states.Values;
    }

    /// <summary>Sets the state (from the API); <paramref name="countWhenIgnored"/> is the baseline of ignored-until-escalating.</summary>
    public async Task<IssueTriage> SetAsync(string type, string fingerprint, IssueState state, long countWhenIgnored, CancellationToken cancellationToken)
    {
        var triage = new IssueTriage(type, fingerprint, state, time.GetUtcNow(), state == IssueState.Ignored ? countWhenIgnored : 0, default);
        await WithTableAsync(() => storage.Triage.UpsertEntityAsync(ToEntity(triage), TableUpdateMode.Replace, cancellationToken));
        Remember(await ReadAsync(type, fingerprint, cancellationToken) ?? triage);
        return triage;
    }

    /// <summary>
    /// Opens an issue again (regression, escalation) only if nobody changed it since <paramref name="seen"/> was
    /// read: of racing instances exactly one wins, so exactly one alert is raised.
    /// </summary>
    public async Task<bool> ReopenAsync(IssueTriage seen, CancellationToken cancellationToken)
    {
        var reopened = seen with { State = IssueState.Open, ChangedAt = time.GetUtcNow(), CountWhenIgnored = 0 };
        try
        {
            if (seen.ETag == default)
                throw new InvalidOperationException("Only a stored state can be reopened.");
            await storage.Triage.UpdateEntityAsync(ToEntity(reopened), seen.ETag, TableUpdateMode.Replace, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 409 or 412)
        {
            _loadedAt = DateTimeOffset.MinValue; // someone else changed it: read everything again next time
            return false;
        }
        Remember(await ReadAsync(seen.Type, seen.Fingerprint, cancellationToken) ?? reopened);
        return true;
    }

    private async Task RefreshIfOldAsync(CancellationToken cancellationToken)
    {
        if (time.GetUtcNow() - _loadedAt < RefreshInterval)
            return;
        await _refresh.WaitAsync(cancellationToken);
        try
        {
            if (time.GetUtcNow() - _loadedAt < RefreshInterval)
                return;
            var states = new Dictionary<string, IssueTriage>(StringComparer.Ordinal);
            try
            {
                await foreach (var e in storage.Triage.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {IssuePartition}"), cancellationToken: cancellationToken))
                    if (FromEntity(e) is { } triage)
                        states[e.RowKey] = triage;
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // No triage table yet: nothing is triaged.
            }
            _states = states;
            _loadedAt = time.GetUtcNow();
        }
        finally
        {
            _refresh.Release();
        }
    }

    private async Task<IssueTriage?> ReadAsync(string type, string fingerprint, CancellationToken cancellationToken)
    {
        var found = await storage.Triage.GetEntityIfExistsAsync<TableEntity>(IssuePartition, type + "_" + fingerprint, cancellationToken: cancellationToken);
        return found.HasValue ? FromEntity(found.Value!) : null;
    }

    private void Remember(IssueTriage triage)
    {
        var copy = new Dictionary<string, IssueTriage>(_states, StringComparer.Ordinal) { [triage.Type + "_" + triage.Fingerprint] = triage };
        _states = copy;
    }

    private async Task WithTableAsync(Func<Task> write)
    {
        try { await write(); }
        catch (RequestFailedException e) when (e.Status == 404 && options.Value.CreateResources)
        {
            await storage.Triage.CreateIfNotExistsAsync();
            await write();
        }
    }

    private static TableEntity ToEntity(IssueTriage t) => new(IssuePartition, t.Type + "_" + t.Fingerprint)
    {
        ["Type"] = t.Type,
        ["Fingerprint"] = t.Fingerprint,
        ["State"] = IssueStates.Name(t.State),
        ["ChangedAt"] = t.ChangedAt,
        ["CountWhenIgnored"] = t.CountWhenIgnored,
    };

    private static IssueTriage? FromEntity(TableEntity e) =>
        e.GetString("Type") is { } type && e.GetString("Fingerprint") is { } fingerprint && IssueStates.TryParse(e.GetString("State"), out var state)
            ? new IssueTriage(type, fingerprint, state, e.GetDateTimeOffset("ChangedAt") ?? DateTimeOffset.MinValue, e.GetInt64("CountWhenIgnored") ?? 0, e.ETag)
            : null;
}

/// <summary>An issue's triage state; <see cref="ChangedAt"/> is when it was set (a resolved issue seen after it regresses).</summary>
public sealed record IssueTriage(string Type, string Fingerprint, IssueState State, DateTimeOffset ChangedAt, long CountWhenIgnored, ETag ETag);
