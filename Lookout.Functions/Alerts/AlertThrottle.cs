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
/// (so a redelivered alert is let through again, not counted twice), the held alert that claimed the window's
/// summary and whether the summary is queued and sent;
/// each alert held back is one entity of its own (PartitionKey <c>held-&lt;target&gt;-&lt;window&gt;</c>, RowKey the
/// alert key), so a redelivered one is not counted twice either and the summary's count is exact. Updates are
/// conditional on the ETag, so instances never let through more than <see cref="AlertOptions.MaxPerHour"/>
/// together. The same table remembers which alerts each target accepted (PartitionKey
/// <c>delivered-&lt;target&gt;</c>), so a duplicate message posts nothing.
/// </summary>
public sealed class AlertThrottle(StorageClients storage, IOptions<LookoutOptions> options)
{
    private const int MaxAttempts = 50;
    private AlertOptions Settings => options.Value.Alerts;

    public static string Partition(int target) => "throttle-" + target.ToString(CultureInfo.InvariantCulture);

    public static string WindowKey(DateTimeOffset start) => start.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset WindowStart(string key) =>
        DateTimeOffset.ParseExact(key, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    /// <summary>
    /// Lets the alert through, or records it as held back (once, whatever the redeliveries) and says whether the
    /// window's summary still has to be queued (<see cref="MarkSummaryQueuedAsync"/> once it is).
    /// </summary>
    public async Task<Admission> AdmitAsync(int target, Alert alert, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var window = ThrottleWindow.StartOf(now, Settings.ThrottleWindow);
        for (var attempt = 1; ; attempt++)
        {
            var (entity, exists) = await ReadAsync(target, WindowKey(window), cancellationToken);
            var admitted = (entity.GetString("Admitted") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).ToList();
            if (admitted.Contains(alert.Key))
                return new Admission(true, false, window);
            if (admitted.Count >= Settings.MaxPerHour)
            {
                await RecordHeldAsync(target, WindowKey(window), alert, cancellationToken);
                // One held alert claims the window's summary (conditional on the ETag, so one wins); it queues it, and
                // its redelivery queues it again until MarkSummaryQueuedAsync says it is in the queue.
                if (entity.GetString("SummaryClaim") is { } claimant)
                    return new Admission(false, claimant == alert.Key && entity.GetBoolean("SummaryQueued") != true, window);
                entity["SummaryClaim"] = alert.Key;
            }
            else
            {
                admitted.Add(alert.Key);
                entity["Admitted"] = string.Join(',', admitted);
            }
            var send = admitted.Contains(alert.Key);
            try
            {
                if (exists)
                    await storage.Alerts.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken);
                else
                    await storage.Alerts.AddEntityAsync(entity, cancellationToken);
                return new Admission(send, !send, window);
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < MaxAttempts)
            {
                // Another delivery changed the window first: read it again.
            }
        }
    }

    public static string HeldPartition(int target, string window) =>
        "held-" + target.ToString(CultureInfo.InvariantCulture) + "-" + window;

    /// <summary>One entity per held-back alert: an insert that exists already was this alert's earlier attempt.</summary>
    private async Task RecordHeldAsync(int target, string window, Alert alert, CancellationToken cancellationToken)
    {
        try
        {
            await storage.Alerts.AddEntityAsync(new TableEntity(HeldPartition(target, window), alert.Key) { ["Rule"] = alert.Rule }, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Counted already.
        }
    }

    /// <summary>Notes that the window's summary is in the queue (after it is: a failed enqueue is tried again by the redelivery).</summary>
    public async Task MarkSummaryQueuedAsync(int target, string window, CancellationToken cancellationToken) =>
        await storage.Alerts.UpsertEntityAsync(new TableEntity(Partition(target), window) { ["SummaryQueued"] = true }, TableUpdateMode.Merge, cancellationToken);

    /// <summary>The held-back counts of a window, or null when nothing was held back or its summary was sent already.</summary>
    public async Task<HeldBack?> HeldBackAsync(int target, string window, CancellationToken cancellationToken)
    {
        var (entity, _) = await ReadAsync(target, window, cancellationToken);
        if (entity.GetBoolean("SummarySent") == true)
            return null;
        var byRule = new Dictionary<string, long>(StringComparer.Ordinal);
        await foreach (var held in storage.Alerts.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {HeldPartition(target, window)}"), 1000, ["Rule"], cancellationToken))
        {
            var rule = held.GetString("Rule") ?? "";
            byRule[rule] = byRule.GetValueOrDefault(rule) + 1;
        }
        var total = byRule.Values.Sum();
        return total == 0 ? null : new HeldBack(total, byRule);
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
