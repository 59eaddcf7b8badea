using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Lookout.Core.Alerts;
using Lookout.Functions.Storage;
using Microsoft.Extensions.Options;

namespace Lookout.Functions.Alerts;

/// <summary>
/// Per-target throttle in table <c>alerts</c>: one entity per target and fixed window (PartitionKey
/// <c>throttle-&lt;target&gt;</c>, RowKey the window start) holding the keys of the alerts it let through
/// (so a redelivered alert is let through again, not counted twice), how many it held back per rule, and
/// whether the summary is queued and sent. Updates are conditional on the ETag, so instances never
/// let through more than <see cref="AlertOptions.MaxPerHour"/> together. The same table remembers which alerts
/// each target accepted (PartitionKey <c>delivered-&lt;target&gt;</c>), so a duplicate message posts nothing.
/// </summary>
public sealed class AlertThrottle(StorageClients storage, IOptions<LookoutOptions> options)
{
    private const int MaxAttempts = 50;
    private AlertOptions Settings => options.Value.Alerts;

    public static string Partition(int target) => "throttle-" + target.ToString(CultureInfo.InvariantCulture);

    public static string WindowKey(DateTimeOffset start) => start.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset WindowStart(string key) =>
        DateTimeOffset.ParseExact(key, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    /// <summary>Lets the alert through, or counts it as held back (and says whether a summary must be queued for the window).</summary>
    public async Task<Admission> AdmitAsync(int target, Alert alert, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var window = ThrottleWindow.StartOf(now, Settings.ThrottleWindow);
        for (var attempt = 1; ; attempt++)
        {
            var (entity, exists) = await ReadAsync(target, WindowKey(window), cancellationToken);
            var admitted = (entity.GetString("Admitted") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).ToList();
            Admission result;
            if (admitted.Contains(alert.Key))
                return new Admission(true, false, window);
            if (admitted.Count < Settings.MaxPerHour)
            {
                admitted.Add(alert.Key);
                entity["Admitted"] = string.Join(',', admitted);
                result = new Admission(true, false, window);
            }
            else
            {
                entity["Held"] = (entity.GetInt64("Held") ?? 0) + 1;
                var column = "Held_" + alert.Rule.Replace('-', '_');
                entity[column] = (entity.GetInt64(column) ?? 0) + 1;
                var first = entity.GetBoolean("SummaryQueued") != true;
                entity["SummaryQueued"] = true;
                result = new Admission(false, first, window);
            }
            try
            {
                if (exists)
                    await storage.Alerts.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken);
                else
                    await storage.Alerts.AddEntityAsync(entity, cancellationToken);
                return result;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < MaxAttempts)
            {
                // Another delivery changed the window first: read it again.
            }
        }
    }

    /// <summary>The held-back counts of a window, or null when nothing was held back or its summary was sent already.</summary>
    public async Task<HeldBack?> HeldBackAsync(int target, string window, CancellationToken cancellationToken)
    {
        var (entity, exists) = await ReadAsync(target, window, cancellationToken);
        if (!exists || entity.GetBoolean("SummarySent") == true || (entity.GetInt64("Held") ?? 0) == 0)
            return null;
        var byRule = AlertRules.All.Select(r => (Rule: r, Count: entity.GetInt64("Held_" + r.Replace('-', '_')) ?? 0))
            .Where(r => r.Count > 0).ToDictionary(r => r.Rule, r => r.Count);
        return new HeldBack(entity.GetInt64("Held") ?? 0, byRule);
    }

    /// <summary>Marks the window's summary as delivered, so a second summary message for it sends nothing.</summary>
    public async Task MarkSummarySentAsync(int target, string window, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(Partition(target), window) { ["SummarySent"] = true };
        await storage.Alerts.UpsertEntityAsync(entity, TableUpdateMode.Merge, cancellationToken);
    }

    /// <summary>Whether the alert was already accepted by the target (a copy of its message, left by a crash between
    /// queueing a retry and deleting the original, must not post it again).</summary>
    public async Task<bool> WasDeliveredAsync(int target, string key, CancellationToken cancellationToken) =>
        (await ReadAsync(target, "delivered-" + key, cancellationToken, DeliveredPartition(target))).Exists;

    public async Task MarkDeliveredAsync(int target, string key, DateTimeOffset at, CancellationToken cancellationToken) =>
        await storage.Alerts.UpsertEntityAsync(new TableEntity(DeliveredPartition(target), "delivered-" + key) { ["At"] = at },
            TableUpdateMode.Replace, cancellationToken);

    private static string DeliveredPartition(int target) => "delivered-" + target.ToString(CultureInfo.InvariantCulture);

    private async Task<(TableEntity Entity, bool Exists)> ReadAsync(int target, string rowKey, CancellationToken cancellationToken, string? partition = null)
    {
        partition ??= Partition(target);
        NullableResponse<TableEntity> found;
        try
        {
            found = await storage.Alerts.GetEntityIfExistsAsync<TableEntity>(partition, rowKey, cancellationToken: cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404 && options.Value.CreateResources)
        {
            await storage.Alerts.CreateIfNotExistsAsync(cancellationToken);
            found = await storage.Alerts.GetEntityIfExistsAsync<TableEntity>(partition, rowKey, cancellationToken: cancellationToken);
        }
        return found.HasValue ? (found.Value!, true) : (new TableEntity(partition, rowKey), false);
    }
}

/// <param name="Send">Post it now.</param>
/// <param name="QueueSummary">It is the first alert held back in the window: queue the window's summary.</param>
public readonly record struct Admission(bool Send, bool QueueSummary, DateTimeOffset Window);

public sealed record HeldBack(long Total, IReadOnlyDictionary<string, long> ByRule);
