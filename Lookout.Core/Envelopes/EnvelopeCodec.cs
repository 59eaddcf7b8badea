using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Lookout.Core.Envelopes;

/// <summary>
/// The queue message format: one JSON object whose <c>body</c> member is the delivery JSON embedded
/// byte for byte (it was validated at ingest), so no report is ever re-serialized on its way to
/// Normalize. <c>{"v":1,"id":…,"receivedAt":…,"contentType":…,"userAgent":…,"site":…,"first":0,"keep":…,"body":…}</c>
/// (<c>keep</c>, parts per million of reports kept, only when the site's budget sampled the delivery).
/// </summary>
public static class EnvelopeCodec
{
    public const int Version = 1;

    /// <summary>Writes the envelope with <paramref name="body"/> (already valid JSON) embedded as-is.</summary>
    public static void Write(IBufferWriter<byte> output, Envelope envelope, ReadOnlySpan<byte> body)
    {
        using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true });
        WriteHeader(writer, envelope);
        writer.WritePropertyName("body"u8);
        writer.Flush();
        output.Write(body);
        output.Write("}"u8);
    }

    /// <summary>Length of everything but the body, for sizing the body that fits in one message.</summary>
    public static int HeaderLength(Envelope envelope)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        Write(buffer, envelope, "{}"u8);
        return buffer.WrittenCount - 2;
    }

    private static void WriteHeader(Utf8JsonWriter writer, Envelope envelope)
    {
        writer.WriteStartObject();
        writer.WriteNumber("v"u8, Version);
        writer.WriteString("id"u8, envelope.Id);
        writer.WriteString("receivedAt"u8, envelope.ReceivedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        writer.WriteString("contentType"u8, envelope.ContentType);
        if (envelope.UserAgent is not null)
            writer.WriteString("userAgent"u8, envelope.UserAgent);
        if (envelope.Site is not null)
            writer.WriteString("site"u8, envelope.Site);
        writer.WriteNumber("first"u8, envelope.FirstIndex);
        if (envelope.KeepPpm < Sites.Sampling.AllPpm)
            writer.WriteNumber("keep"u8, envelope.KeepPpm);
    }

    /// <summary>Reads a message written by <see cref="Write"/>; false (with a reason) for anything else.</summary>
    public static bool TryRead(ReadOnlyMemory<byte> message, out EnvelopeMessage? result, out string? error)
    {
        result = null;
        error = null;
        string? id = null, contentType = null, userAgent = null, site = null;
        DateTimeOffset? receivedAt = null;
        int first = 0, version = 0, keep = Sites.Sampling.AllPpm;
        ReadOnlyMemory<byte>? body = null;
        try
        {
            var reader = new Utf8JsonReader(message.Span);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                return Fail("not a JSON object", out error);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.ValueSpan;
                reader.Read();
                if (name.SequenceEqual("body"u8))
                {
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    body = message[start..(int)reader.BytesConsumed];
                }
                else if (name.SequenceEqual("v"u8) && reader.TokenType == JsonTokenType.Number) version = reader.GetInt32();
                else if (name.SequenceEqual("id"u8)) id = reader.GetString();
                else if (name.SequenceEqual("receivedAt"u8)) receivedAt = reader.GetDateTimeOffset();
                else if (name.SequenceEqual("contentType"u8)) contentType = reader.GetString();
                else if (name.SequenceEqual("userAgent"u8)) userAgent = reader.GetString();
                else if (name.SequenceEqual("site"u8)) site = reader.GetString();
                else if (name.SequenceEqual("first"u8)) first = reader.GetInt32();
                else if (name.SequenceEqual("keep"u8)) keep = reader.GetInt32();
                else reader.Skip();
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return Fail($"not a Lookout envelope ({e.Message})", out error);
        }

        if (version != Version)
            return Fail($"unsupported envelope version {version}", out error);
        if (id is null || !IsKeySafeId(id) || receivedAt is null || contentType is null || body is null || first < 0)
            return Fail("envelope lacks id, receivedAt, contentType or body", out error);
        if (keep is < 1 or > Sites.Sampling.AllPpm)
            return Fail($"envelope keeps {keep} parts per million (1 to {Sites.Sampling.AllPpm})", out error);

        result = new EnvelopeMessage(new Envelope
        {
            Id = id,
            ReceivedAt = receivedAt.Value.ToUniversalTime(),
            ContentType = contentType,
            UserAgent = userAgent,
            Site = site,
            FirstIndex = first,
            KeepPpm = keep,
        }, body.Value);
        return true;
    }

    private static bool IsKeySafeId(string id) => id.Length is > 0 and <= 64 && id.All(char.IsAsciiLetterOrDigit);

    private static bool Fail(string reason, out string? error)
    {
        error = reason;
        return false;
    }
}
