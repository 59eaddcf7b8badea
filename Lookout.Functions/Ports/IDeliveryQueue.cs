namespace Lookout.Functions.Ports;

/// <summary>Where Ingest puts envelope messages (the <c>lookout-raw</c> queue in production).</summary>
public interface IDeliveryQueue
{
    /// <summary>Largest message (envelope JSON bytes, before queue encoding) the queue accepts.</summary>
    int MaxMessageBytes { get; }

    Task EnqueueAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken);
}
