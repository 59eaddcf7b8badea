using Lookout.Functions.Ports;
using Lookout.Storage;

namespace Lookout.Functions.Storage;

/// <summary>Ingest's queue: envelope bytes go in base64-encoded, the Functions queue trigger's default.</summary>
public sealed class QueueDeliveryQueue(StorageClients storage) : IDeliveryQueue
{
    // Base64 turns every 3 bytes into 4 characters of the 64 KiB message limit.
    public int MaxMessageBytes => QueueClient.MaxMessageBytes / 4 * 3;

    public Task EnqueueAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken) =>
        storage.IngestQueue.SendMessageAsync(new BinaryData(message), cancellationToken: cancellationToken);
}
