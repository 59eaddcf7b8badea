using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;

namespace Lookout.Functions.Normalize;

/// <summary>
/// Normalize: one queue message (an envelope written by Ingest) to its table rows. An exception fails the
/// invocation; the host (or the standalone poller) retries after host.json's visibilityTimeout and moves
/// the message to <c>lookout-raw-poison</c> after maxDequeueCount attempts.
/// </summary>
public sealed class NormalizeFunction(MessageProcessor processor)
{
    public const string Name = "Normalize";

    [Function(Name)]
    public Task RunAsync(
        [QueueTrigger(QueueNames.Raw, Connection = Storage.StorageRegistration.ConnectionName)] QueueMessage message,
        CancellationToken cancellationToken) =>
        processor.ProcessAsync(message.Body.ToMemory(), cancellationToken);
}
