using Lookout.Core.Envelopes;
using Lookout.Functions.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lookout.Functions.Ingest;

/// <summary>
/// Ingest's group commit: deliveries that arrive while a queue put is in flight wait and go together in the
/// next put, envelopes side by side (<see cref="MessageCodec"/>), compressed, as many per message as fit
/// (<see cref="MessagePacker"/>). A delivery is
/// acknowledged once every message holding one of its envelopes is in the queue, and fails with the put that
/// failed. With no put in flight a delivery is sent at once, so a lone delivery is as fast as before; under
/// load one put carries everything that queued up during the previous one, after a <see cref="Linger"/> of
/// at most 2 ms for as many envelopes as the previous put carried, or paced to <see cref="LookoutOptions.IngestPutsPerSecond"/>
/// (only after a put of several: a lone delivery never waits).
/// A put that takes longer than <see cref="SlowPut"/> no longer holds the next one back. A delivery whose
/// deadline passes while it still waits is taken out, so no 503 is followed by a put of that delivery.
/// </summary>
public sealed class EnqueueGroupCommit(IDeliveryQueue queue, IOptions<LookoutOptions> options, ILogger<EnqueueGroupCommit> logger)
{
    /// <summary>
    /// A put slower than this stops holding back the next one: behind a stalled request (a storage hiccup, a
    /// busy machine) the waiting deliveries go in a put of their own instead of waiting out its timeout.
    /// </summary>
    internal static readonly TimeSpan SlowPut = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Longest a put waits for company after one that carried several deliveries (a sign of load): the clients
    /// it just answered usually send again within a millisecond, and would otherwise take the put after.
    /// Never after a lone delivery, so at low load nothing waits.
    /// </summary>
    internal static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(2);

    private readonly MessagePacker _packer = new(queue.MaxMessageBytes);
    private readonly Lock _gate = new();
    private List<Part> _waiting = [];
    private long _waitingBytes;
    private bool _putInFlight;
    private int _lastPutParts;
    private long _lastPutStarted;
    private bool _pacing;
    private TaskCompletionSource? _company;

    /// <summary>
    /// Under load (the last put carried several deliveries) puts start at most this often, so one instance puts at
    /// most <see cref="LookoutOptions.IngestPutsPerSecond"/> messages a second whatever its request rate: the queue's
    /// message rate is bounded by the instance count, and more load means more deliveries per message
    /// (docs/capacity.md). A message that is already full goes at once.
    /// </summary>
    private TimeSpan PutInterval => options.Value.IngestPutsPerSecond > 0 ? TimeSpan.FromSeconds(1.0 / options.Value.IngestPutsPerSecond) : TimeSpan.Zero;

    /// <summary>Completes when every envelope of the delivery is in the queue; throws what a failed put threw.</summary>
    public Task EnqueueAsync(IReadOnlyList<byte[]> envelopes, CancellationToken deadline)
    {
        var delivery = new Delivery(envelopes.Count);
        bool send;
        lock (_gate)
        {
            foreach (var envelope in envelopes)
            {
                _waiting.Add(new Part(envelope, delivery));
                _waitingBytes += envelope.Length;
            }
            send = !_putInFlight;
            _putInFlight = true;
            if (_company is not null && (_waitingBytes >= _packer.FullBytes || (!_pacing && _waiting.Count >= _lastPutParts)))
                _company.TrySetResult();
        }
        if (send)
            _ = SendWhileWaitingAsync();
        var registration = deadline.Register(delivery.Abandon);
        return delivery.Done.Task.ContinueWith(done =>
        {
            registration.Dispose();
            return done;
        }, TaskScheduler.Default).Unwrap();
    }

    /// <summary>One put (of as many messages as the waiting envelopes need) after another, until none wait.</summary>
    private async Task SendWhileWaitingAsync()
    {
        while (true)
        {
            Task? company = null;
            var hold = Linger;
            lock (_gate)
            {
                if (_lastPutParts > 1)
                {
                    var paced = PutInterval - System.Diagnostics.Stopwatch.GetElapsedTime(_lastPutStarted);
                    _pacing = paced > Linger;
                    hold = _pacing ? paced : Linger;
                    if (_waitingBytes < _packer.FullBytes && (_pacing || _waiting.Count < _lastPutParts))
                        company = (_company = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
                }
            }
            if (company is not null)
                await Task.WhenAny(company, Task.Delay(hold));
            List<Part> parts;
            lock (_gate)
            {
                _company = null;
                parts = _waiting.FindAll(p => !p.Delivery.Abandoned);
                _waiting = [];
                _waitingBytes = 0;
                _lastPutParts = parts.Count;
                _lastPutStarted = System.Diagnostics.Stopwatch.GetTimestamp();
                if (parts.Count == 0)
                {
                    _putInFlight = false;
                    return;
                }
            }
            var messages = _packer.Pack(parts.ConvertAll(p => (ReadOnlyMemory<byte>)p.Envelope), options.Value.DigestShards);
            var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(options.Value.EnqueueTimeoutSeconds));
            var put = Task.WhenAll(messages.Select(m => PutAsync(m.Bytes, parts.GetRange(m.Envelopes.Start.Value, m.Envelopes.End.Value - m.Envelopes.Start.Value), timeout.Token)));
            _ = put.ContinueWith(_ => timeout.Dispose(), TaskScheduler.Default);
            await Task.WhenAny(put, Task.Delay(SlowPut));
        }
    }

    private async Task PutAsync(byte[] message, List<Part> parts, CancellationToken cancellationToken)
    {
        try
        {
            await queue.EnqueueAsync(message, cancellationToken).WaitAsync(cancellationToken);
            foreach (var part in parts)
                part.Delivery.PartStored();
            if (parts.Count > 1)
                logger.LogDebug("One queue message of {Bytes} bytes carried {Envelopes} envelopes", message.Length, parts.Count);
        }
        catch (Exception e)
        {
            foreach (var part in parts)
                part.Delivery.Fail(e);
        }
    }

    private sealed record Part(byte[] Envelope, Delivery Delivery);

    private sealed class Delivery(int parts)
    {
        private int _remaining = parts;
        private volatile bool _abandoned;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public bool Abandoned => _abandoned;

        public void PartStored()
        {
            if (Interlocked.Decrement(ref _remaining) == 0)
                Done.TrySetResult();
        }

        public void Fail(Exception e) => Done.TrySetException(e);

        public void Abandon()
        {
            _abandoned = true;
            Done.TrySetCanceled();
        }
    }
}
