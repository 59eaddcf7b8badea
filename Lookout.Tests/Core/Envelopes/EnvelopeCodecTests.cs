using System.Buffers;
using System.Text;
using Lookout.Core.Envelopes;

namespace Lookout.Tests.Pipeline;

public class EnvelopeCodecTests
{
    private static readonly Envelope Sample = new()
    {
        Id = "0123456789abcdef0123456789abcdef",
        ReceivedAt = new DateTimeOffset(2026, 11, 22, 23, 59, 59, 123, TimeSpan.Zero).AddTicks(4567),
        ContentType = "application/csp-report; charset=utf-8",
        UserAgent = "Mozilla/5.0 \"quoted\" ünï",
        Site = "shop",
        FirstIndex = 7,
    };

    [Fact]
    public void Round_trip_keeps_every_field_and_the_body_bytes()
    {
        var body = "{ \"csp-report\" : {\"blocked-uri\":\"https://x/\\u00e9\"} }"u8.ToArray();
        var buffer = new ArrayBufferWriter<byte>();
        EnvelopeCodec.Write(buffer, Sample, body);

        Assert.True(EnvelopeCodec.TryRead(buffer.WrittenMemory, out var read, out var error), error);
        Assert.Equal(Sample, read!.Envelope);
        Assert.Equal(body, read.Body.ToArray());
    }

    [Fact]
    public void A_sampled_envelope_carries_its_share_and_an_unsampled_one_writes_none()
    {
        var sampled = Sample with { KeepPpm = 2500 };
        var buffer = new ArrayBufferWriter<byte>();
        EnvelopeCodec.Write(buffer, sampled, "[]"u8);
        Assert.Contains("\"keep\":2500", Encoding.UTF8.GetString(buffer.WrittenSpan), StringComparison.Ordinal);
        Assert.True(EnvelopeCodec.TryRead(buffer.WrittenMemory, out var read, out var error), error);
        Assert.Equal(2500, read!.Envelope.KeepPpm);

        buffer.ResetWrittenCount();
        EnvelopeCodec.Write(buffer, Sample, "[]"u8);
        Assert.DoesNotContain("keep", Encoding.UTF8.GetString(buffer.WrittenSpan), StringComparison.Ordinal);
    }

    [Fact]
    public void Header_length_is_exact()
    {
        var buffer = new ArrayBufferWriter<byte>();
        EnvelopeCodec.Write(buffer, Sample, "[1]"u8);
        Assert.Equal(buffer.WrittenCount - 3, EnvelopeCodec.HeaderLength(Sample));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("{\"v\":2,\"id\":\"a\",\"receivedAt\":\"2026-01-01T00:00:00Z\",\"contentType\":\"x\",\"body\":{}}")]
    [InlineData("{\"v\":1,\"receivedAt\":\"2026-01-01T00:00:00Z\",\"contentType\":\"x\",\"body\":{}}")]
    [InlineData("{\"v\":1,\"id\":\"a/b\",\"receivedAt\":\"2026-01-01T00:00:00Z\",\"contentType\":\"x\",\"body\":{}}")]
    [InlineData("{\"v\":1,\"id\":\"ab\",\"receivedAt\":\"yesterday\",\"contentType\":\"x\",\"body\":{}}")]
    [InlineData("{\"v\":1,\"id\":\"ab\",\"receivedAt\":\"2026-01-01T00:00:00Z\",\"contentType\":\"x\",\"keep\":0,\"body\":{}}")]
    public void Anything_else_is_refused_with_a_reason(string message)
    {
        Assert.False(EnvelopeCodec.TryRead(Encoding.UTF8.GetBytes(message), out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }
}
