namespace Lookout.Storage;

/// <summary>A received message: leased until <see cref="NextVisibleOn"/>, settled with its pop receipt.</summary>
public sealed class QueueMessage
{
    public required string MessageId { get; init; }
    public required string PopReceipt { get; init; }
    public long DequeueCount { get; init; }
    public DateTimeOffset InsertedOn { get; init; }
    public DateTimeOffset ExpiresOn { get; init; }
    public DateTimeOffset NextVisibleOn { get; init; }

    /// <summary>The stored message text, as the service returned it.</summary>
    public required string MessageText { get; init; }

    /// <summary>The message bytes decoded per the client's encoding (raw text bytes if base64 decoding fails).</summary>
    public required BinaryData Body { get; init; }
}

/// <summary>A message seen without taking a lease.</summary>
public sealed class PeekedMessage
{
    public required string MessageId { get; init; }
    public long DequeueCount { get; init; }
    public DateTimeOffset InsertedOn { get; init; }
    public DateTimeOffset ExpiresOn { get; init; }
    public required string MessageText { get; init; }
    public required BinaryData Body { get; init; }
}

/// <summary>What Put Message answers.</summary>
public sealed class SendReceipt
{
    public required string MessageId { get; init; }
    public required string PopReceipt { get; init; }
    public DateTimeOffset InsertedOn { get; init; }
    public DateTimeOffset ExpiresOn { get; init; }
    public DateTimeOffset NextVisibleOn { get; init; }
}

/// <summary>What Update Message answers: the new pop receipt and when the message shows again.</summary>
public sealed class UpdateReceipt
{
    public required string PopReceipt { get; init; }
    public DateTimeOffset NextVisibleOn { get; init; }
}
