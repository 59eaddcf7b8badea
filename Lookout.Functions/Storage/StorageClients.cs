using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Options;

namespace Lookout.Functions.Storage;

/// <summary>
/// The queue and table clients the app uses, made once from the DI-registered service clients
/// (<see cref="StorageRegistration"/>). All queue clients encode messages as base64.
/// </summary>
public sealed class StorageClients
{
    public StorageClients(
        QueueServiceClient queues, TableServiceClient tables,
        IAzureClientFactory<QueueServiceClient> namedQueues, IAzureClientFactory<TableServiceClient> namedTables,
        IOptions<LookoutOptions> options)
    {
        var settings = options.Value;
        Queue = queues.GetQueueClient(settings.QueueName);
        PoisonQueue = queues.GetQueueClient(settings.PoisonQueueName);
        Table = tables.GetTableClient(settings.TableName);
        Issues = tables.GetTableClient(settings.IssuesTableName);
        Tables = tables;
        AlertsQueue = queues.GetQueueClient(settings.Alerts.QueueName);
        AlertsPoisonQueue = queues.GetQueueClient(QueueNames.PoisonOf(settings.Alerts.QueueName));
        Triage = tables.GetTableClient(settings.TriageTableName);
        Alerts = tables.GetTableClient(settings.AlertsTableName);
        var quickQueues = namedQueues.CreateClient(StorageRegistration.Quick);
        IngestQueue = quickQueues.GetQueueClient(settings.QueueName);
        QuickPoisonQueue = quickQueues.GetQueueClient(settings.PoisonQueueName);
        QuickTables = namedTables.CreateClient(StorageRegistration.Quick);
    }

    /// <summary>The raw queue as the poller and the resource initializer see it.</summary>
    public QueueClient Queue { get; }

    /// <summary>The raw queue as Ingest and the health probe use it: short retries and timeouts.</summary>
    public QueueClient IngestQueue { get; }

    /// <summary>Where a message goes after its last failed attempt (same base64 text as the original).</summary>
    public QueueClient PoisonQueue { get; }

    /// <summary>The poison queue with short retries and timeouts, for the health probe.</summary>
    public QueueClient QuickPoisonQueue { get; }

    public TableClient Table { get; }

    /// <summary>The digest table (one entity per day, type and fingerprint).</summary>
    public TableClient Issues { get; }

    public TableServiceClient Tables { get; }

    /// <summary>Alerts waiting for delivery (one message per alert and target), and where given-up ones go.</summary>
    public QueueClient AlertsQueue { get; }

    public QueueClient AlertsPoisonQueue { get; }

    /// <summary>Per-issue triage state and the noise rules edited at run time.</summary>
    public TableClient Triage { get; }

    /// <summary>Alert delivery state: throttle windows, markers of raised timer alerts.</summary>
    public TableClient Alerts { get; }

    /// <summary>The table service with short retries, for the health probe.</summary>
    public TableServiceClient QuickTables { get; }

    /// <summary>The queue a queue trigger names (its constant), as this app is configured, and its poison queue.</summary>
    public (QueueClient Queue, QueueClient Poison) QueuesFor(string triggerQueue) => triggerQueue switch
    {
        QueueNames.Raw => (Queue, PoisonQueue),
        QueueNames.Alerts => (AlertsQueue, AlertsPoisonQueue),
        _ => throw new InvalidOperationException($"No queue client for trigger queue '{triggerQueue}'."),
    };

    public async Task CreateResourcesAsync(CancellationToken cancellationToken)
    {
        await Queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await PoisonQueue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await Table.CreateIfNotExistsAsync(cancellationToken);
        await Issues.CreateIfNotExistsAsync(cancellationToken);
        await AlertsQueue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await AlertsPoisonQueue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await Triage.CreateIfNotExistsAsync(cancellationToken);
        await Alerts.CreateIfNotExistsAsync(cancellationToken);
    }

    /// <summary>Whether the reports table exists, asked of the table service (Tables has no Exists call).</summary>
    public async Task<bool> TableExistsAsync(TableServiceClient service, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"TableName eq {Table.Name}");
        await foreach (var page in service.QueryAsync(filter, maxPerPage: 1, cancellationToken).AsPages())
            return page.Values.Count > 0;
        return false;
    }
}
