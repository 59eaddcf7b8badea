using Azure;
using Azure.Data.Tables;
using Lookout.Core.Triage;
using Lookout.Functions.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lookout.Functions.Triage;

/// <summary>
/// Noise rules edited at run time (the dashboard's rules page, <c>POST /api/triage/rules</c>), stored in table
/// <c>triage</c> (PartitionKey <c>noise-rules</c>, RowKey <c>current</c>) and checked exactly like
/// <c>Lookout__NoiseRules</c>. Normalize's policy is the configured rules first, then these; every instance reads
/// them again at most every <see cref="RefreshInterval"/>, so a change applies within a minute everywhere.
/// </summary>
public sealed class RuntimeNoiseRules(StorageClients storage, TriagePolicy configured, IOptions<LookoutOptions> options, TimeProvider time,
    ILogger<RuntimeNoiseRules> logger)
{
    public const string Partition = "noise-rules";
    public const string Row = "current";
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(30);

    /// <summary>After a failed read with rules in hand, the next read is tried this soon instead of a full interval later.</summary>
    public static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile TriagePolicy? _policy; // null until first read: the configured policy alone
    private volatile string _text = "";
    private DateTimeOffset _loadedAt = DateTimeOffset.MinValue;

    /// <summary>The configured rules' text (read-only here).</summary>
    public string Configured => options.Value.NoiseRules;

    /// <summary>The policy Normalize applies now.</summary>
    public async Task<TriagePolicy> PolicyAsync(CancellationToken cancellationToken)
    {
        if (time.GetUtcNow() - _loadedAt >= RefreshInterval)
            await RefreshAsync(cancellationToken);
        return _policy ?? configured;
    }

    public async Task<string> TextAsync(CancellationToken cancellationToken)
    {
        await PolicyAsync(cancellationToken);
        return _text;
    }

    /// <summary>Checks and stores the rules; throws <see cref="NoiseRuleException"/> naming the bad rule.</summary>
    public async Task SetAsync(string text, CancellationToken cancellationToken)
    {
        Combine(text);
        var entity = new TableEntity(Partition, Row) { ["Rules"] = text };
        try { await storage.Triage.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken); }
        catch (RequestFailedException e) when (e.Status == 404 && options.Value.CreateResources)
        {
            await storage.Triage.CreateIfNotExistsAsync(cancellationToken);
            await storage.Triage.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
        }
        (_policy, _text, _loadedAt) = (Combine(text), text, time.GetUtcNow());
    }

    /// <summary>The configured rules plus <paramref name="text"/>; a name used twice, or a bad rule, throws.</summary>
    private TriagePolicy Combine(string text)
    {
        var added = NoiseRules.Parse(text);
        var clash = added.FirstOrDefault(a => configured.Rules.Any(c => c.Name.Equals(a.Name, StringComparison.OrdinalIgnoreCase)));
        if (clash is not null)
            throw new NoiseRuleException($"rule \"{clash.Name}\": the name is used by a rule of {NoiseRules.Setting}");
        return new TriagePolicy(configured.Scrub, [.. configured.Rules, .. added], configured.DropNoise);
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _refresh.WaitAsync(cancellationToken);
        try
        {
            if (time.GetUtcNow() - _loadedAt < RefreshInterval)
                return;
            var text = "";
            try
            {
                var found = await storage.Triage.GetEntityIfExistsAsync<TableEntity>(Partition, Row, cancellationToken: cancellationToken);
                text = found.HasValue ? found.Value!.GetString("Rules") ?? "" : "";
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // No triage table yet: no runtime rules.
            }
            catch (Exception e) when (_policy is not null && e is not OperationCanceledException)
            {
                // Storage hiccup: Normalize goes on with the rules it read last (a message fails only when there are
                // none yet, so no report is classified without them), and tries again soon.
                logger.LogWarning("Could not read the runtime noise rules ({Error}); keeping the last rules read", e.Message);
                _loadedAt = time.GetUtcNow() - RefreshInterval + RetryAfterFailure;
                return;
            }
            try
            {
                (_policy, _text) = (Combine(text), text);
            }
            catch (NoiseRuleException)
            {
                // Stored rules are checked before they are stored; one that no longer fits (a configured rule took
                // its name since) leaves the configured rules alone in force.
                (_policy, _text) = (configured, text);
            }
            _loadedAt = time.GetUtcNow();
        }
        finally
        {
            _refresh.Release();
        }
    }
}
