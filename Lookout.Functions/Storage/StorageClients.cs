using Azure.Core;
using Lookout.Storage;
using Microsoft.Extensions.Options;

namespace Lookout.Functions.Storage;

/// <summary>
/// The storage clients the app uses, built once from the host's settings (<c>AzureWebJobsStorage</c>
/// or its identity-based <c>__</c> forms). Ingest's queue client retries briefly: a browser is
/// waiting, and a 503 + Retry-After is better than a hung request.
/// </summary>
public sealed class StorageClients
{
    public StorageClients(IConfiguration configuration, IOptions<LookoutOptions> options)
    {
        var account = StorageAccount.FromSettings(name => configuration[name]);
        var settings = options.Value;
        Queue = new QueueClient(account, settings.QueueName, new QueueClientOptions());
        IngestQueue = new QueueClient(account, settings.QueueName, Quick(new QueueClientOptions()));
        PoisonQueue = new QueueClient(account, settings.PoisonQueueName, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
        Table = new TableClient(account, settings.TableName, new TableClientOptions());
    }

    /// <summary>The raw queue as Normalize's poller sees it.</summary>
    public QueueClient Queue { get; }

    /// <summary>The raw queue as Ingest writes it: short retries and timeouts.</summary>
    public QueueClient IngestQueue { get; }

    /// <summary>Where failed messages go, stored text unchanged.</summary>
    public QueueClient PoisonQueue { get; }

    public TableClient Table { get; }

    public async Task CreateResourcesAsync(CancellationToken cancellationToken)
    {
        await Queue.CreateIfNotExistsAsync(cancellationToken);
        await PoisonQueue.CreateIfNotExistsAsync(cancellationToken);
        await Table.CreateIfNotExistsAsync(cancellationToken);
    }

    private static T Quick<T>(T options) where T : ClientOptions
    {
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(100);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(500);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(5);
        return options;
    }
}
