using System.Text;
using Azure;
using Lookout.Storage;

namespace Lookout.Tests.Storage;

/// <summary>Every queue operation against a real Azurite over HTTP.</summary>
public sealed class QueueClientTests
{
    private static async Task<QueueClient> NewQueueAsync(QueueMessageEncoding encoding = QueueMessageEncoding.Base64)
    {
        var queue = new QueueClient(await StorageTestEnv.AccountAsync(), StorageTestEnv.QueueName(), new QueueClientOptions { MessageEncoding = encoding });
        await queue.CreateIfNotExistsAsync();
        return queue;
    }

    [Fact]
    public async Task Create_is_idempotent_and_exists_reports_it()
    {
        var account = await StorageTestEnv.AccountAsync();
        var queue = new QueueClient(account, StorageTestEnv.QueueName());
        Assert.False(await queue.ExistsAsync());
        await queue.CreateIfNotExistsAsync();
        await queue.CreateIfNotExistsAsync();
        Assert.True(await queue.ExistsAsync());
        Assert.Equal(0, await queue.GetApproximateMessageCountAsync());
    }

    [Theory]
    [InlineData(QueueMessageEncoding.Base64)]
    [InlineData(QueueMessageEncoding.None)]
    public async Task Send_receive_delete_round_trips_non_ascii_text(QueueMessageEncoding encoding)
    {
        var queue = await NewQueueAsync(encoding);
        var receipt = await queue.SendMessageAsync(BinaryData.FromString(StorageTestEnv.Tricky));
        Assert.False(string.IsNullOrEmpty(receipt.MessageId));
        Assert.False(string.IsNullOrEmpty(receipt.PopReceipt));
        Assert.True(receipt.ExpiresOn > receipt.InsertedOn);
        Assert.Equal(1, await queue.GetApproximateMessageCountAsync());

        var message = Assert.Single(await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(1)));
        Assert.Equal(receipt.MessageId, message.MessageId);
        Assert.Equal(StorageTestEnv.Tricky, message.Body.ToString());
        Assert.Equal(1, message.DequeueCount);
        var expectedText = encoding == QueueMessageEncoding.Base64
            ? Convert.ToBase64String(Encoding.UTF8.GetBytes(StorageTestEnv.Tricky))
            : StorageTestEnv.Tricky;
        Assert.Equal(expectedText, message.MessageText);
        Assert.True(message.NextVisibleOn > DateTimeOffset.UtcNow.AddSeconds(30));

        // Leased: invisible to another receive.
        Assert.Empty(await queue.ReceiveMessagesAsync(1));
        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
        Assert.Empty(await queue.PeekMessagesAsync(32));
    }

    [Fact]
    public async Task Base64_binary_round_trips_and_invalid_base64_text_falls_back_to_raw_bytes()
    {
        var account = await StorageTestEnv.AccountAsync();
        var name = StorageTestEnv.QueueName();
        var base64 = new QueueClient(account, name);
        var plain = new QueueClient(account, name, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
        await base64.CreateIfNotExistsAsync();

        var bytes = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        await base64.SendMessageAsync(new BinaryData(bytes));
        Assert.Equal(bytes, Assert.Single(await base64.PeekMessagesAsync()).Body.ToArray());
        foreach (var m in await base64.ReceiveMessagesAsync(32))
            await base64.DeleteMessageAsync(m.MessageId, m.PopReceipt);

        await plain.SendMessageAsync(BinaryData.FromString("not base64 ✓"));
        var received = Assert.Single(await base64.ReceiveMessagesAsync(1));
        Assert.Equal("not base64 ✓", received.MessageText);
        Assert.Equal("not base64 ✓", received.Body.ToString());
    }

    [Fact]
    public async Task Receive_returns_at_most_the_batch_and_validates_the_count()
    {
        var queue = await NewQueueAsync();
        for (var i = 0; i < 40; i++)
            await queue.SendMessageAsync(BinaryData.FromString($"m{i}"));
        Assert.Equal(40, await queue.GetApproximateMessageCountAsync());
        Assert.Equal(32, (await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(1))).Count);
        Assert.Equal(8, (await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(1))).Count);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => queue.ReceiveMessagesAsync(0));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => queue.ReceiveMessagesAsync(33));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => queue.PeekMessagesAsync(33));
    }

    [Fact]
    public async Task Update_visibility_makes_the_message_reappear_with_a_higher_dequeue_count()
    {
        var queue = await NewQueueAsync();
        await queue.SendMessageAsync(BinaryData.FromString("retry me"));
        var first = Assert.Single(await queue.ReceiveMessagesAsync(1, TimeSpan.FromMinutes(5)));
        Assert.Equal(1, first.DequeueCount);

        var update = await queue.UpdateMessageAsync(first.MessageId, first.PopReceipt, TimeSpan.Zero);
        Assert.False(string.IsNullOrEmpty(update.PopReceipt));
        Assert.NotEqual(first.PopReceipt, update.PopReceipt);

        var second = Assert.Single(await queue.ReceiveMessagesAsync(1, TimeSpan.FromMinutes(5)));
        Assert.Equal(first.MessageId, second.MessageId);
        Assert.Equal(2, second.DequeueCount);
        Assert.Equal("retry me", second.Body.ToString());

        // The old pop receipt no longer settles the message.
        var stale = await Assert.ThrowsAsync<RequestFailedException>(() => queue.DeleteMessageAsync(first.MessageId, first.PopReceipt));
        Assert.Equal(400, stale.Status);
        Assert.Equal("PopReceiptMismatch", stale.ErrorCode);
        await queue.DeleteMessageAsync(second.MessageId, second.PopReceipt);
    }

    [Fact]
    public async Task Visibility_delay_and_peek_do_not_lease()
    {
        var queue = await NewQueueAsync();
        await queue.SendMessageAsync(BinaryData.FromString("later"), visibilityTimeout: TimeSpan.FromMinutes(10), timeToLive: TimeSpan.FromHours(1));
        await queue.SendMessageAsync(BinaryData.FromString("now"), timeToLive: Timeout.InfiniteTimeSpan);
        var peeked = Assert.Single(await queue.PeekMessagesAsync(32));
        Assert.Equal("now", peeked.Body.ToString());
        Assert.Equal(0, peeked.DequeueCount);
        Assert.Equal(DateTimeOffset.MaxValue.Year, peeked.ExpiresOn.Year);
        Assert.Equal(2, await queue.GetApproximateMessageCountAsync());
        var received = Assert.Single(await queue.ReceiveMessagesAsync(32));
        Assert.Equal("now", received.Body.ToString());
    }

    [Theory]
    [InlineData(QueueMessageEncoding.Base64)]
    [InlineData(QueueMessageEncoding.None)]
    public async Task The_64_KiB_limit_is_enforced_before_the_call(QueueMessageEncoding encoding)
    {
        var queue = await NewQueueAsync(encoding);
        // Base64 holds 3 bytes in 4 characters; None holds the UTF-8 text itself ("é" is 2 bytes).
        byte[] Largest(int extra) => encoding == QueueMessageEncoding.Base64
            ? Enumerable.Repeat((byte)0xAB, QueueClient.MaxMessageBytes / 4 * 3 + extra).ToArray()
            : Encoding.UTF8.GetBytes(new string('é', QueueClient.MaxMessageBytes / 2 - 1) + "<&" + new string('x', extra));
        var max = Largest(0);
        await queue.SendMessageAsync(new BinaryData(max));
        var back = Assert.Single(await queue.ReceiveMessagesAsync(1));
        Assert.Equal(max, back.Body.ToArray());
        Assert.Equal(QueueClient.MaxMessageBytes, Encoding.UTF8.GetByteCount(back.MessageText));

        var error = await Assert.ThrowsAsync<ArgumentException>(() => queue.SendMessageAsync(new BinaryData(Largest(1))));
        Assert.Contains("65536", error.Message, StringComparison.Ordinal);
        // Nothing reached the service.
        Assert.Equal(1, await queue.GetApproximateMessageCountAsync());
    }

    [Fact]
    public async Task Encoding_none_rejects_bytes_that_are_not_utf8()
    {
        var queue = await NewQueueAsync(QueueMessageEncoding.None);
        await Assert.ThrowsAsync<ArgumentException>(() => queue.SendMessageAsync(new BinaryData(new byte[] { 0xff, 0xfe })));
    }

    [Fact]
    public async Task Missing_queue_surfaces_status_and_error_code()
    {
        var queue = new QueueClient(await StorageTestEnv.AccountAsync(), StorageTestEnv.QueueName());
        var error = await Assert.ThrowsAsync<RequestFailedException>(() => queue.SendMessageAsync(BinaryData.FromString("x")));
        Assert.Equal(404, error.Status);
        Assert.Equal("QueueNotFound", error.ErrorCode);
    }

    [Fact]
    public async Task A_wrong_account_key_is_a_403_with_AuthenticationFailed()
    {
        var azurite = await Support.AzuriteServer.Shared;
        var wrongKey = Convert.ToBase64String(Encoding.UTF8.GetBytes("definitely-not-the-emulator-key-0123456789"));
        var account = StorageAccount.FromConnectionString(azurite.ConnectionString.Replace(azurite.AccountKey, wrongKey, StringComparison.Ordinal));
        var queue = new QueueClient(account, StorageTestEnv.QueueName());
        var error = await Assert.ThrowsAsync<RequestFailedException>(() => queue.CreateIfNotExistsAsync());
        Assert.Equal(403, error.Status);
        Assert.Equal("AuthenticationFailed", error.ErrorCode);
    }

    [Fact]
    public void Invalid_queue_names_are_rejected()
    {
        var account = StorageAccount.FromConnectionString("UseDevelopmentStorage=true");
        foreach (var name in new[] { "ab", "Upper", "a--b", "-ab", "ab-", new string('a', 64), "a_b" })
            Assert.Throws<ArgumentException>(() => new QueueClient(account, name));
    }
}
