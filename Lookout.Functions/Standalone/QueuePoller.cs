using Lookout.Functions.Normalize;
using Lookout.Functions.Storage;
using Lookout.Storage;
using Microsoft.Extensions.Options;

namespace Lookout.Functions.Standalone;

/// <summary>
/// Drives Normalize where no Functions host does, with the host's queue-trigger semantics: batched
/// gets under a visibility timeout, delete on success, a retry delay on failure, and after
/// <see cref="LookoutOptions.MaxDequeueCount"/> attempts the message moves whole (same stored text)
/// to the poison queue. Empty polls back off exponentially up to the max polling interval.
/// </summary>
public sealed class QueuePoller(
    StorageClients storage, MessageProcessor processor, IOptions<LookoutOptions> options, ILogger<QueuePoller> logger) : BackgroundService
{
    private static readonly TimeSpan MinPollingInterval = TimeSpan.FromMilliseconds(100);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var maxInterval = TimeSpan.FromMilliseconds(settings.MaxPollingIntervalMilliseconds);
        var interval = MinPollingInterval;
        logger.LogInformation("Standalone poller watching queue {Queue}", storage.Queue.Name);
        while (!stoppingToken.IsCancellationRequested)
        {
            IReadOnlyList<QueueMessage> messages;
            try
            {
                messages = await storage.Queue.ReceiveMessagesAsync(
                    settings.BatchSize, TimeSpan.FromSeconds(settings.VisibilityTimeoutSeconds), stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Polling {Queue} failed: {Error}", storage.Queue.Name, e.Message);
                messages = [];
                interval = maxInterval;
            }

            if (messages.Count == 0)
            {
                try { await Task.Delay(interval, stoppingToken); }
                catch (OperationCanceledException) { break; }
                interval = TimeSpan.FromTicks(Math.Min(interval.Ticks * 2, maxInterval.Ticks));
                continue;
            }
            interval = MinPollingInterval;
            await Task.WhenAll(messages.Select(m => HandleAsync(m, settings, stoppingToken)));
        }
    }

    internal async Task HandleAsync(QueueMessage message, LookoutOptions settings, CancellationToken cancellationToken)
    {
        try
        {
            // A message that keeps crashing the process never reaches the catch below: count it here.
            if (message.DequeueCount > settings.MaxDequeueCount)
            {
                await PoisonAsync(message, "dequeued more often than allowed", cancellationToken);
                return;
            }
            try
            {
                await processor.ProcessAsync(message.Body.ToMemory(), cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Message {MessageId} failed (attempt {Attempt} of {Max})",
                    message.MessageId, message.DequeueCount, settings.MaxDequeueCount);
                if (message.DequeueCount >= settings.MaxDequeueCount)
                    await PoisonAsync(message, e.Message, cancellationToken);
                else
                    await storage.Queue.UpdateMessageAsync(message.MessageId, message.PopReceipt,
                        TimeSpan.FromSeconds(settings.RetryDelaySeconds), cancellationToken);
                return;
            }
            await storage.Queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Storage trouble while settling: the message reappears after its visibility timeout.
            logger.LogWarning("Settling message {MessageId} failed: {Error}", message.MessageId, e.Message);
        }
    }

    private async Task PoisonAsync(QueueMessage message, string reason, CancellationToken cancellationToken)
    {
        // The poison client does not re-encode: the poison message text equals the original text.
        await storage.PoisonQueue.SendMessageAsync(BinaryData.FromString(message.MessageText), cancellationToken: cancellationToken);
        await storage.Queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
        logger.LogError("Message {MessageId} moved to {PoisonQueue}: {Reason}", message.MessageId, storage.PoisonQueue.Name, reason);
    }
}
