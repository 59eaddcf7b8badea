using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace Lookout.Standalone;

/// <summary>
/// Keeps a message invisible while Normalize runs, as the Functions host does: its visibility is renewed at
/// half the processing timeout, so a slow run (storage under load) is not handed to a second run meanwhile.
/// Each renewal changes the pop receipt; settle the message with <see cref="PopReceipt"/> after <see cref="StopAsync"/>.
/// </summary>
internal sealed class MessageLease : IAsyncDisposable
{
    private readonly QueueClient _queue;
    private readonly string _messageId;
    private readonly TimeSpan _timeout;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewing;

    public MessageLease(QueueClient queue, QueueMessage message, TimeSpan timeout)
    {
        _queue = queue;
        _messageId = message.MessageId;
        _timeout = timeout;
        PopReceipt = message.PopReceipt;
        _renewing = RenewAsync();
    }

    public string PopReceipt { get; private set; }

    private async Task RenewAsync()
    {
        try
        {
            while (true)
            {
                await Task.Delay(_timeout / 2, _stop.Token);
                // Not cancelled by StopAsync: an update cut off mid-flight may still take effect and leave us
                // holding a stale receipt; StopAsync waits for it instead.
                var renewed = await _queue.UpdateMessageAsync(_messageId, PopReceipt, visibilityTimeout: _timeout);
                PopReceipt = renewed.Value.PopReceipt;
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Azure.RequestFailedException)
        {
            // Lost the message (it reappeared, or storage is down): the run goes on; settling will fail and
            // the message is retried, which rewrites the same rows.
        }
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _renewing;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }
}
