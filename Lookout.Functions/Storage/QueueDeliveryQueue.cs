using Azure;
using Azure.Storage.Queues;
using Lookout.Functions.Ports;
using Microsoft.Extensions.Options;

namespace Lookout.Functions.Storage;

/// <summary>Ingest's queue: envelope bytes go in base64-encoded, the Functions queue trigger's default.</summary>
public sealed class QueueDeliveryQueue(StorageClients storage, IOptions<LookoutOptions> options) : IDeliveryQueue
{
    // Base64 turns every 3 bytes into 4 characters of the 64 KiB message limit.
    public int MaxMessageBytes => storage.IngestQueue.MessageMaxBytes / 4 * 3;

    public async Task EnqueueAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        var body = new BinaryData(message);
        try
        {
            await storage.IngestQueue.SendMessageAsync(body, cancellationToken: cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404 && options.Value.CreateResources)
        {
            // The queue vanished (deleted, or an emulator restarted without it): where Lookout owns its
            // resources, put it back rather than answer 503 until the next restart.
            await storage.IngestQueue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            await storage.IngestQueue.SendMessageAsync(body, cancellationToken: cancellationToken);
        }
    }
}
