using Microsoft.Extensions.Logging;

namespace Lookout.Functions.Storage;

/// <summary>
/// Moves messages from the poison queue back to the raw queue once the cause is fixed, so they are
/// normalized again. The stored text is unchanged (both clients encode base64). Each message is deleted from
/// the poison queue only after its send to the raw queue succeeded; a failure in between leaves it in both,
/// and processing it twice rewrites the same rows.
/// </summary>
public sealed class PoisonReplay(StorageClients storage, ILogger<PoisonReplay> logger)
{
    /// <summary>How long a received poison message stays invisible while it is being moved.</summary>
    private static readonly TimeSpan MoveTimeout = TimeSpan.FromMinutes(1);

    /// <summary>Moves up to <paramref name="max"/> messages; returns how many moved.</summary>
    public async Task<int> RunAsync(int max, CancellationToken cancellationToken)
    {
        if (!(await storage.PoisonQueue.ExistsAsync(cancellationToken)).Value)
            return 0;
        var moved = 0;
        while (moved < max)
        {
            var batch = (await storage.PoisonQueue.ReceiveMessagesAsync(Math.Min(32, max - moved), MoveTimeout, cancellationToken)).Value;
            if (batch.Length == 0)
                break;
            foreach (var message in batch)
            {
                await storage.Queue.SendMessageAsync(message.Body, cancellationToken: cancellationToken);
                await storage.PoisonQueue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                moved++;
            }
            logger.LogInformation("Moved {Moved} messages from {Poison} to {Queue} so far", moved, storage.PoisonQueue.Name, storage.Queue.Name);
        }
        return moved;
    }
}
