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
            ReceivedAt = new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero).AddSeconds(i),
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
    public void The_packer_keeps_arrival_order_and_never_passes_the_limit_even_for_envelopes_that_do_not_compress()
    {
        var random = new Random(23);
        // Bodies of random hex barely compress: the packer must find that out and take envelopes out again.
        var envelopes = Enumerable.Range(0, 300).Select(i => (ReadOnlyMemory<byte>)Envelope(i,
            $"{{\"csp-report\":{{\"noise\":\"{Convert.ToHexString(Bytes(random, 20 + random.Next(600)))}\"}}}}")).ToList();
        var packer = new MessagePacker(8000);
        var messages = packer.Pack(envelopes);

        Assert.All(messages, m => Assert.InRange(m.Bytes.Length, 1, 8000));
        Assert.Equal(Enumerable.Range(0, 300), ReadBack(messages).Select(e => int.Parse(e.Envelope.Site![1..], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.True(messages.Count < 300, "several envelopes share a message");
    }

    [Fact]
    public void Reports_of_one_site_compress_so_a_message_holds_several_times_what_fits_uncompressed()
    {
        var envelopes = Enumerable.Range(0, 2000).Select(i => (ReadOnlyMemory<byte>)Envelope(i,
            $"{{\"csp-report\":{{\"document-uri\":\"https://shop.example/p/{i * 7919 % 1000}\",\"violated-directive\":\"script-src-elem\"," +
            $"\"blocked-uri\":\"https://cdn{i % 40}.example/lib.js\",\"original-policy\":\"default-src 'self'; script-src 'self' https://www.googletagmanager.com; img-src 'self' data:; report-uri /r\"}}}}")).ToList();
        const int limit = 48 * 1024;
        var packer = new MessagePacker(limit);
        var messages = packer.Pack(envelopes, shards: 16);

        var plainPerMessage = limit / envelopes.Average(e => e.Length);
        var packedPerMessage = envelopes.Count / (double)messages.Count;
        Assert.True(packedPerMessage > 4 * plainPerMessage, $"{packedPerMessage:N0} per compressed message vs {plainPerMessage:N0} uncompressed");
        Assert.All(messages, m => Assert.InRange(m.Bytes.Length, 1, limit));
        Assert.All(messages.SkipLast(1), m => Assert.True(MessageCompression.IsCompressed(m.Bytes)));
        Assert.True(packer.FullBytes > 4L * limit);
        foreach (var m in messages)
        {
            Assert.True(MessageCodec.TryRead(m.Bytes, out var entries, out var shards, out var error), error);
            Assert.Equal(16, shards);
            Assert.Equal(m.Envelopes.End.Value - m.Envelopes.Start.Value, entries.Count);
        }
        Assert.Equal(envelopes.Count, ReadBack(messages).Count);
    }

    [Fact]
    public void A_lone_envelope_is_never_compressed()
    {
        var message = Assert.Single(new MessagePacker(48 * 1024).Pack([Envelope(1)]));
        Assert.Equal(Envelope(1), message.Bytes);
    }

    [Fact]
    public void A_compressed_message_that_is_corrupt_or_inflates_past_the_cap_is_refused_with_a_reason()
    {
        var good = MessageCompression.Compress(MessageCodec.Write([Envelope(1), Envelope(2)]));
        var text = Encoding.ASCII.GetString(good);
        var gzip = Convert.FromBase64String(text["{\"v\":3,\"gzip\":\"".Length..^2]);
        gzip[^6] ^= 0xFF; // inside the CRC32 of the trailer
        Assert.False(MessageCodec.TryRead(V3(gzip), out _, out var error));
        Assert.Contains("corrupt", error, StringComparison.Ordinal);
        Assert.False(MessageCodec.TryRead(V3(gzip[..^12]), out _, out _)); // truncated: what inflates is no message
        Assert.False(MessageCodec.TryRead(Encoding.ASCII.GetBytes("{\"v\":3,\"gzip\":\"not base64!\"}"), out _, out error));
        Assert.False(MessageCodec.TryRead(Encoding.ASCII.GetBytes("{\"v\":3}"), out _, out error));
        Assert.Contains("without its gzip", error, StringComparison.Ordinal);

        var bomb = MessageCompression.Compress(new byte[MessageCompression.MaxInflatedBytes + 1]);
        Assert.True(bomb.Length < 64 * 1024);
        Assert.False(MessageCodec.TryRead(bomb, out _, out error));
        Assert.Contains("inflates past", error, StringComparison.Ordinal);

        Assert.False(MessageCodec.TryRead(MessageCompression.Compress(good), out _, out error));
        Assert.Contains("inside a compressed", error, StringComparison.Ordinal);
        Assert.True(MessageCodec.TryRead(good, out var entries, out error), error);
        Assert.Equal(2, entries.Count);
    }

    private static byte[] V3(byte[] gzip) => Encoding.ASCII.GetBytes("{\"v\":3,\"gzip\":\"" + Convert.ToBase64String(gzip) + "\"}");

    private static List<EnvelopeMessage> ReadBack(IEnumerable<PackedMessage> messages) =>
        messages.SelectMany(m => MessageCodec.TryRead(m.Bytes, out var entries, out var error)
            ? entries.Select(e => e.Message!)
            : throw new InvalidOperationException(error)).ToList();

    private static byte[] Bytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }
}
