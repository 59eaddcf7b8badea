using System.Buffers;
using System.Text.Json;

namespace Lookout.Core.Envelopes;

/// <summary>
/// A queue message holds one envelope (version 1, <see cref="EnvelopeCodec"/>) or several deliveries side by
/// side (version 2): <c>{"v":2,"deliveries":[envelope,envelope,…]}</c>, each element a version-1 envelope byte
/// for byte. Ingest's group commit writes version 2 only when a message holds more than one envelope, so a lone
/// delivery's message, and every message queued before batching existed, stays version 1. A version-2 message
/// may be stored compressed as version 3 (<see cref="MessageCompression"/>); reading inflates it first.
/// </summary>
public static class MessageCodec
{
    public const int BatchVersion = 2;

    private static ReadOnlySpan<byte> Opening => "{\"v\":2,\"deliveries\":["u8;
    private static ReadOnlySpan<byte> Closing => "]}"u8;

    /// <summary>Room for <c>"shards":NN,</c>, written when the digest is sharded.</summary>
    private const int ShardsField = 12;

    /// <summary>Bytes a message of <paramref name="count"/> envelopes adds around them, at most.</summary>
    public static int Overhead(int count) => count <= 1 ? 0 : Opening.Length + ShardsField + Closing.Length + (count - 1);

    /// <summary>
    /// One envelope alone as itself, several wrapped as a version-2 message; <paramref name="shards"/> above 1
    /// (the digest's day shards when the message was made, at most 99) is written into it, so every processing of
    /// the message counts it in the same shard.
    /// </summary>
    public static byte[] Write(IReadOnlyList<ReadOnlyMemory<byte>> envelopes, int shards = 1)
    {
        if (envelopes.Count == 1)
            return envelopes[0].ToArray();
        var output = new ArrayBufferWriter<byte>(envelopes.Sum(e => e.Length) + Overhead(envelopes.Count));
        WriteBatch(output, envelopes, shards);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Writes <paramref name="envelopes"/> as a version-2 message into <paramref name="output"/> (a reused buffer).</summary>
    public static void WriteBatch(IBufferWriter<byte> output, IReadOnlyList<ReadOnlyMemory<byte>> envelopes, int shards = 1)
    {
        if (shards > 1)
        {
            output.Write("{\"v\":2,\"shards\":"u8);
            output.Write(System.Text.Encoding.ASCII.GetBytes(Math.Min(shards, 99).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            output.Write(",\"deliveries\":["u8);
        }
        else
            output.Write(Opening);
        for (var i = 0; i < envelopes.Count; i++)
        {
            if (i > 0)
                output.Write(","u8);
            output.Write(envelopes[i].Span);
        }
        output.Write(Closing);
    }

    /// <summary>
    /// The deliveries of a message, each read on its own: one element that is not an envelope is reported in
    /// its slot and does not stop the others. False (with a reason) only when the message as a whole is
    /// neither a version-1 envelope nor a version-2 list.
    /// </summary>
    public static bool TryRead(ReadOnlyMemory<byte> message, out IReadOnlyList<MessageEntry> entries, out string? error) =>
        TryRead(message, out entries, out _, out error);

    /// <summary>As above, with the digest shards the message was made for (1 when it names none).</summary>
    public static bool TryRead(ReadOnlyMemory<byte> message, out IReadOnlyList<MessageEntry> entries, out int shards, out string? error)
    {
        entries = [];
        if (!TryFindDeliveries(message, out var version, out var list, out shards, out var gzipped, out error))
            return false;
        if (version == MessageCompression.Version)
        {
            if (gzipped is null)
                return Fail("a version-3 message without its gzip bytes", out error);
            if (!MessageCompression.TryInflate(gzipped, out var inflated, out error))
                return false;
            if (MessageCompression.IsCompressed(inflated.Span))
                return Fail("a compressed message inside a compressed message", out error);
            return TryRead(inflated, out entries, out shards, out error);
        }
        if (version == EnvelopeCodec.Version)
        {
            if (!EnvelopeCodec.TryRead(message, out var single, out error))
                return false;
            entries = [new MessageEntry(single, null, message)];
            return true;
        }
        if (version != BatchVersion || list is null)
            return Fail(version == BatchVersion ? "a version-2 message without deliveries" : $"unsupported envelope version {version}", out error);

        var read = new List<MessageEntry>();
        var reader = new Utf8JsonReader(list.Value.Span);
        reader.Read(); // [
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            var element = list.Value[start..(int)reader.BytesConsumed];
            read.Add(EnvelopeCodec.TryRead(element, out var envelope, out var reason)
                ? new MessageEntry(envelope, null, element)
                : new MessageEntry(null, reason, element));
        }
        if (read.Count == 0)
            return Fail("a version-2 message with no deliveries", out error);
        entries = read;
        return true;
    }

    // The version and, for version 2, the bytes of the deliveries array (validated as JSON by skipping it).
    private static bool TryFindDeliveries(ReadOnlyMemory<byte> message, out int version, out ReadOnlyMemory<byte>? list, out int shards,
        out byte[]? gzipped, out string? error)
    {
        version = 0;
        shards = 1;
        list = null;
        gzipped = null;
        error = null;
        try
        {
            var reader = new Utf8JsonReader(message.Span);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                return Fail("not a JSON object", out error);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.ValueSpan;
                reader.Read();
                if (name.SequenceEqual("v"u8) && reader.TokenType == JsonTokenType.Number)
                    version = reader.GetInt32();
                else if (name.SequenceEqual("shards"u8) && reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var n) && n is >= 1 and <= 99)
                    shards = n;
                else if (name.SequenceEqual("gzip"u8) && reader.TokenType == JsonTokenType.String)
                    gzipped = reader.GetBytesFromBase64();
                else if (name.SequenceEqual("deliveries"u8) && reader.TokenType == JsonTokenType.StartArray)
                {
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    list = message[start..(int)reader.BytesConsumed];
                }
                else
                    reader.Skip();
            }
            return true;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return Fail($"not a Lookout envelope ({e.Message})", out error);
        }
    }

    private static bool Fail(string reason, out string? error)
    {
        error = reason;
        return false;
    }
}

/// <summary>One delivery of a message: its envelope, or why its element is not one (with the element's bytes).</summary>
public sealed record MessageEntry(EnvelopeMessage? Message, string? Error, ReadOnlyMemory<byte> Bytes);
