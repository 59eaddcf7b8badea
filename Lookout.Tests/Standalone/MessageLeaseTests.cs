using Azure.Storage.Queues;
using Lookout.Standalone;
using Lookout.Tests.Support;

namespace Lookout.Tests.Pipeline;

/// <summary>The standalone poller keeps a message invisible while Normalize runs, however long it takes (as the host does).</summary>
public class MessageLeaseTests
{
    [Trait("Category", "Slow")] // left out of ./test.sh --quick
    [Fact]
    public async Task A_leased_message_stays_invisible_past_its_timeout_and_settles_with_the_renewed_receipt()
    {
        var azurite = await AzuriteServer.Shared;
        var queue = new QueueClient(azurite.ConnectionString, "lease-" + Guid.NewGuid().ToString("N")[..10]);
        await queue.CreateAsync();
        await queue.SendMessageAsync("slow message");
        // Renewal comes at half the timeout, so a renewal may run up to timeout/2 late before the message shows:
        // 5 s leaves 2.5 s of slack, which a loaded CI machine needs (2 s failed there once: 1 s of slack).
        var timeout = TimeSpan.FromSeconds(5);
        var message = (await queue.ReceiveMessagesAsync(1, timeout)).Value.Single();

        await using var lease = new MessageLease(queue, message, timeout);
        // Time must pass for a timeout to expire: two and a half timeouts long, unrenewed it would have reappeared twice.
        var until = DateTime.UtcNow + 2.5 * timeout;
        while (DateTime.UtcNow < until)
        {
            Assert.Empty((await queue.PeekMessagesAsync(1)).Value);
            await Task.Delay(250);
        }
        await lease.StopAsync();
        Assert.NotEqual(message.PopReceipt, lease.PopReceipt);
        await queue.DeleteMessageAsync(message.MessageId, lease.PopReceipt);
        Assert.Equal(0, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }
}
