using System.Buffers;
using System.Text;
using Lookout.Core.Envelopes;

namespace Lookout.Tests.Pipeline;

public class MessageCodecTests
{
    private static byte[] Envelope(int i, string body = "{\"csp-report\":{}}")
    {
        var buffer = new ArrayBufferWriter<byte>();
        EnvelopeCodec.Write(buffer, new Envelope
        {
            Id = $"{i:D32}",
            ReceivedAt = new DateTimeOffset(2026, 12, 6, 12, 0, i, TimeSpan.Zero),
            ContentType = "application/csp-report",
            Site = "s" + i,
        }, Encoding.UTF8.GetBytes(body));
        return buffer.WrittenSpan.ToArray();
    }

    [Fact]
    public void A_lone_envelope_is_written_as_itself_so_version_1_readers_still_read_it()
    {
        var one = Envelope(1);
        var message = MessageCodec.Write([one]);
        Assert.Equal(one, message);
        Assert.True(MessageCodec.TryRead(message, out var entries, out var error), error);
        Assert.Equal("s1", Assert.Single(entries).Message!.Envelope.Site);
    }

    [Fact]
    public void Several_envelopes_read_back_in_order_with_their_bodies_unchanged()
    {
        var envelopes = Enumerable.Range(0, 5).Select(i => Envelope(i, $"{{\"csp-report\":{{\"n\":{i}}}}}")).ToList();
        var message = MessageCodec.Write(envelopes.ConvertAll(e => (ReadOnlyMemory<byte>)e));
        Assert.InRange(message.Length, envelopes.Sum(e => e.Length) + 1, envelopes.Sum(e => e.Length) + MessageCodec.Overhead(5));

        Assert.True(MessageCodec.TryRead(message, out var entries, out var shards, out var error), error);
        Assert.Equal(1, shards); // unsharded: the field is left out
        Assert.DoesNotContain("shards", Encoding.UTF8.GetString(message), StringComparison.Ordinal);
        Assert.Equal(5, entries.Count);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal($"s{i}", entries[i].Message!.Envelope.Site);
            Assert.Equal($"{{\"csp-report\":{{\"n\":{i}}}}}", Encoding.UTF8.GetString(entries[i].Message!.Body.Span));
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(16)]
    [InlineData(64)]
    public void A_message_made_for_digest_shards_carries_them_within_its_overhead(int shards)
    {
        var envelopes = Enumerable.Range(0, 3).Select(i => (ReadOnlyMemory<byte>)Envelope(i)).ToList();
        var message = MessageCodec.Write(envelopes, shards);
        Assert.InRange(message.Length, 0, envelopes.Sum(e => e.Length) + MessageCodec.Overhead(3));
        Assert.True(MessageCodec.TryRead(message, out var entries, out var read, out var error), error);
        Assert.Equal(shards, read);
        Assert.Equal(3, entries.Count);
        // A lone envelope stays version 1, counted in its day's partition.
        Assert.True(MessageCodec.TryRead(MessageCodec.Write(envelopes[..1], shards), out _, out var lone, out _));
        Assert.Equal(1, lone);
    }

    [Fact]
    public void One_element_that_is_not_an_envelope_is_reported_in_its_slot_and_the_others_still_read()
    {
        var message = Encoding.UTF8.GetBytes(
            "{\"v\":2,\"deliveries\":[" + Encoding.UTF8.GetString(Envelope(0)) + ",{\"v\":1,\"id\":\"../x\"},42," +
            Encoding.UTF8.GetString(Envelope(3)) + "]}");
        Assert.True(MessageCodec.TryRead(message, out var entries, out _));
        Assert.Equal(4, entries.Count);
        Assert.NotNull(entries[0].Message);
        Assert.NotNull(entries[1].Error);
        Assert.NotNull(entries[2].Error);
        Assert.Equal("s3", entries[3].Message!.Envelope.Site);
    }

    [Theory]
    [InlineData("{\"v\":2}")]
    [InlineData("{\"v\":2,\"deliveries\":[]}")]
    [InlineData("{\"v\":3,\"deliveries\":[{}]}")]
    [InlineData("{\"v\":2,\"deliveries\":[{}")]
    public void A_message_that_is_neither_version_is_refused_whole(string message) =>
        Assert.False(MessageCodec.TryRead(Encoding.UTF8.GetBytes(message), out _, out _));

    [Fact]
    public void The_packer_fills_each_message_up_to_the_limit_in_arrival_order()
    {
        var lengths = new[] { 400, 400, 400, 850, 100, 1000 };
        var messages = MessagePacker.Pack(lengths, 1000);
        Assert.Equal([0..2, 2..3, 3..5, 5..6], messages);
        foreach (var range in messages)
        {
            var count = range.End.Value - range.Start.Value;
            Assert.True(lengths[range].Sum() + MessageCodec.Overhead(count) <= 1000);
        }
    }
}
