namespace Lookout.Core.Envelopes;

/// <summary>
/// Packs envelopes, in arrival order, into as few queue messages as fit <c>maxMessageBytes</c> each (the size
/// before queue encoding). A lone envelope is its own message (version 1); several are a version-2 message,
/// gzip-compressed (<see cref="MessageCompression"/>) unless that would not be smaller. How many fit depends on
/// how well they compress, so the packer remembers the last message's ratio, fills the next to 90 % of it, and
/// takes envelopes out again in the rare case it overshoots. Every envelope already fits alone (the splitter
/// made sure), and order is kept so an earlier delivery never waits for a later one's message. One put at a time:
/// not for concurrent use (its buffers are reused).
/// </summary>
public sealed class MessagePacker(int maxMessageBytes)
{
    /// <summary>Most a message is trusted to shrink: raw envelopes of one message stay well under what reading allows.</summary>
    private const double MaxRatio = 32;

    private double _ratio = 1;

    // Reused across puts (the group commit packs one put at a time): a message's raw and gzipped bytes reach
    // hundreds of KB, which would otherwise be a large-object allocation per put.
    private readonly System.Buffers.ArrayBufferWriter<byte> _plain = new(64 * 1024);
    private readonly MemoryStream _gzipped = new(64 * 1024);

    public int MaxMessageBytes { get; } = maxMessageBytes;

    /// <summary>Raw envelope bytes that fill one message at the last ratio seen (the group commit's "full").</summary>
    public long FullBytes => (long)(MaxMessageBytes * Volatile.Read(ref _ratio));

    /// <returns>Per message: the range of envelopes it holds and its bytes.</returns>
    public List<PackedMessage> Pack(IReadOnlyList<ReadOnlyMemory<byte>> envelopes, int shards = 1)
    {
        var messages = new List<PackedMessage>();
        var first = 0;
        while (first < envelopes.Count)
        {
            var end = Extend(envelopes, first, first + 1);
            for (var refills = 0; ; refills++)
            {
                if (end - first == 1)
                {
                    messages.Add(new PackedMessage(first..end, envelopes[first].ToArray()));
                    break;
                }
                _plain.ResetWrittenCount();
                MessageCodec.WriteBatch(_plain, Slice(envelopes, first, end), shards);
                var plain = _plain.WrittenSpan;
                var packed = MessageCompression.Compress(plain, _gzipped);
                Volatile.Write(ref _ratio, Math.Clamp(plain.Length / (double)packed.Length, 1, MaxRatio));
                var size = Math.Min(packed.Length, plain.Length);
                if (size > MaxMessageBytes)
                {
                    // Overshot: keep the share that fits, with a margin (strictly fewer, so this ends).
                    end = first + Math.Max(1, (int)((end - first) * (MaxMessageBytes / (double)size) * 0.9));
                    continue;
                }
                // Under half full with more waiting: the ratio just learnt lets more in (a fresh packer starts at 1).
                if (size < MaxMessageBytes / 2 && end < envelopes.Count && refills < 3 && Extend(envelopes, first, end) is var more && more > end)
                {
                    end = more;
                    continue;
                }
                messages.Add(new PackedMessage(first..end, packed.Length < plain.Length ? packed : plain.ToArray()));
                break;
            }
            first = end;
        }
        return messages;
    }

    // Takes envelopes from end on while their raw bytes fit 90 % of a message at the last ratio.
    private int Extend(IReadOnlyList<ReadOnlyMemory<byte>> envelopes, int first, int end)
    {
        var budget = Math.Min(MaxMessageBytes * Volatile.Read(ref _ratio) * 0.9, MessageCompression.MaxInflatedBytes / 2.0);
        long raw = 0;
        for (var i = first; i < end; i++)
            raw += envelopes[i].Length;
        while (end < envelopes.Count && raw + envelopes[end].Length + MessageCodec.Overhead(end - first + 1) <= budget)
            raw += envelopes[end++].Length;
        return end;
    }

    private static List<ReadOnlyMemory<byte>> Slice(IReadOnlyList<ReadOnlyMemory<byte>> envelopes, int start, int end)
    {
        var slice = new List<ReadOnlyMemory<byte>>(end - start);
        for (var i = start; i < end; i++)
            slice.Add(envelopes[i]);
        return slice;
    }
}

/// <summary>One queue message of <see cref="MessagePacker"/>: which envelopes it holds, and its bytes.</summary>
public sealed record PackedMessage(Range Envelopes, byte[] Bytes);
