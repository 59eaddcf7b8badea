using Lookout.Core.Envelopes;
using Lookout.Functions;
using Lookout.Functions.Ingest;
using Lookout.Functions.Ports;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lookout.Tests.Functions.Ingest;

/// <summary>The group commit's rules against an in-memory queue whose puts the test holds open or fails.</summary>
public class EnqueueGroupCommitTests
{
    private sealed class HeldQueue(int maxMessageBytes = 48 * 1024) : IDeliveryQueue
    {
        public List<byte[]> Messages { get; } = [];
        public TaskCompletionSource? Hold { get; set; }
        public Exception? Failure { get; set; }
        public int PutsStarted;
        public int MaxMessageBytes => maxMessageBytes;

        public async Task EnqueueAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref PutsStarted);
            if (Hold is { } hold)
                await hold.Task;
            if (Failure is { } failure)
                throw failure;
            lock (Messages) Messages.Add(message.ToArray());
        }
    }

    private static EnqueueGroupCommit GroupCommit(IDeliveryQueue queue) =>
        new(queue, Microsoft.Extensions.Options.Options.Create(new LookoutOptions()), NullLogger<EnqueueGroupCommit>.Instance);

    // Random padding: it does not compress, so the message limit binds (repeated characters would all fit one message).
    private static byte[] Envelope(int n, int padding = 10) => System.Text.Encoding.UTF8.GetBytes(
        $"{{\"v\":1,\"id\":\"{n:D32}\",\"receivedAt\":\"2026-12-06T12:00:00Z\",\"contentType\":\"application/csp-report\",\"first\":0,\"body\":{{\"csp-report\":{{\"p\":\"{Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(padding / 2))}\"}}}}}}");

    private static List<string> Ids(byte[] message)
    {
        Assert.True(MessageCodec.TryRead(message, out var entries, out var error), error);
        return entries.Select(e => e.Message!.Envelope.Id).ToList();
    }

    [Fact]
    public async Task A_lone_delivery_is_put_at_once_as_a_version_1_message()
    {
        var queue = new HeldQueue();
        var envelope = Envelope(1);
        await GroupCommit(queue).EnqueueAsync([envelope], default).WaitAsync(TimeSpan.FromSeconds(5));
        var message = Assert.Single(queue.Messages);
        Assert.Equal(envelope, message);
    }

    [Fact]
    public async Task Deliveries_arriving_during_a_put_share_the_next_message_and_each_waits_for_it()
    {
        var queue = new HeldQueue { Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        var commit = GroupCommit(queue);
        var first = commit.EnqueueAsync([Envelope(0)], default);
        var joined = Enumerable.Range(1, 10).Select(n => commit.EnqueueAsync([Envelope(n)], default)).ToList();

        Assert.Equal(1, queue.PutsStarted);
        Assert.All(joined, t => Assert.False(t.IsCompleted));
        queue.Hold.SetResult();
        await Task.WhenAll(joined.Append(first)).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(2, queue.Messages.Count);
        Assert.Contains(queue.Messages, m => Ids(m).SequenceEqual([$"{0:D32}"]));
        Assert.Contains(queue.Messages, m => Ids(m).SequenceEqual(Enumerable.Range(1, 10).Select(n => $"{n:D32}")));
    }

    [Fact]
    public async Task Waiting_envelopes_fill_as_many_messages_as_the_limit_needs()
    {
        var queue = new HeldQueue(maxMessageBytes: 2048) { Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        var commit = GroupCommit(queue);
        var first = commit.EnqueueAsync([Envelope(0)], default);
        var waiting = Enumerable.Range(1, 12).Select(n => commit.EnqueueAsync([Envelope(n, padding: 400)], default)).ToList();
        queue.Hold.SetResult();
        await Task.WhenAll(waiting.Append(first)).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.All(queue.Messages, m => Assert.True(m.Length <= 2048));
        Assert.True(queue.Messages.Count is > 2 and < 13, $"{queue.Messages.Count} messages");
        Assert.Equal(Enumerable.Range(0, 13).Select(n => $"{n:D32}"), queue.Messages.SelectMany(Ids).Order());
    }

    [Fact]
    public async Task A_failed_put_fails_every_delivery_in_its_message_and_the_next_put_starts_fresh()
    {
        var queue = new HeldQueue { Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        var commit = GroupCommit(queue);
        var first = commit.EnqueueAsync([Envelope(0)], default);
        var joined = Enumerable.Range(1, 3).Select(n => commit.EnqueueAsync([Envelope(n)], default)).ToList();
        queue.Failure = new InvalidOperationException("storage is down");
        queue.Hold.SetResult();

        foreach (var task in joined.Append(first))
            await Assert.ThrowsAsync<InvalidOperationException>(() => task.WaitAsync(TimeSpan.FromSeconds(5)));
        queue.Failure = null;
        queue.Hold = null;
        await commit.EnqueueAsync([Envelope(9)], default).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal([$"{9:D32}"], Ids(Assert.Single(queue.Messages)));
    }

    [Fact]
    public async Task A_delivery_whose_deadline_passes_while_waiting_is_left_out_of_the_next_message()
    {
        var queue = new HeldQueue { Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        var commit = GroupCommit(queue);
        var first = commit.EnqueueAsync([Envelope(0)], default);
        using var deadline = new CancellationTokenSource();
        var givenUp = commit.EnqueueAsync([Envelope(1)], deadline.Token);
        var kept = commit.EnqueueAsync([Envelope(2)], default);
        deadline.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => givenUp);

        queue.Hold.SetResult();
        await Task.WhenAll(first, kept).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal([$"{0:D32}", $"{2:D32}"], queue.Messages.SelectMany(Ids).Order());
    }

    [Fact]
    public async Task A_put_that_stalls_does_not_hold_back_the_deliveries_behind_it()
    {
        var queue = new HeldQueue { Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        var commit = GroupCommit(queue);
        var stalled = commit.EnqueueAsync([Envelope(0)], default);
        queue.Hold = null; // puts from now on answer at once
        await commit.EnqueueAsync([Envelope(1)], default).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(stalled.IsCompleted);
        Assert.Equal([$"{1:D32}"], queue.Messages.SelectMany(Ids));
    }

    [Fact]
    public async Task A_split_delivery_is_acknowledged_only_when_all_its_envelopes_are_in()
    {
        var queue = new HeldQueue(maxMessageBytes: 1024);
        var parts = Enumerable.Range(0, 4).Select(n => Envelope(n, padding: 600)).ToArray();
        await GroupCommit(queue).EnqueueAsync(parts, default).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(4, queue.Messages.Count);
    }
}
