using System.IO.Compression;

namespace Lookout.Core.Envelopes;

/// <summary>
/// A queue message of several deliveries may be stored compressed: version 3, <c>{"v":3,"gzip":"…"}</c>, the
/// gzip (RFC 1952) of a version-2 message in base64. Reports of one site repeat their keys, policy and user
/// agent, so a message holds about eight times the deliveries (docs/capacity.md): fewer messages per report
/// on the raw queue and in the digest. Base64 inside, because the Functions host hands a queue message to
/// the worker as text: raw gzip bytes would not survive it. Reading caps the inflated size, so a crafted
/// message cannot exhaust memory.
/// </summary>
public static class MessageCompression
{
    public const int Version = 3;

    /// <summary>Largest inflated message read back; a message the group commit builds stays under it.</summary>
    public const int MaxInflatedBytes = 4 * 1024 * 1024;

    /// <summary>Whether <paramref name="message"/> is a version-3 message (as <see cref="Compress"/> writes it).</summary>
    public static bool IsCompressed(ReadOnlySpan<byte> message) => message.StartsWith("{\"v\":3,"u8);

    private static ReadOnlySpan<byte> Opening => "{\"v\":3,\"gzip\":\""u8;
    private static ReadOnlySpan<byte> Closing => "\"}"u8;

    /// <summary>The version-3 message holding <paramref name="message"/> compressed.</summary>
    public static byte[] Compress(ReadOnlySpan<byte> message) => Compress(message, new MemoryStream(message.Length / 8 + 64));

    /// <summary>
    /// As above, gzipping into <paramref name="scratch"/> (reused by the caller, so a busy instance does not
    /// allocate a large buffer per put); the only allocation is the message itself, base64-encoded in place.
    /// </summary>
    public static byte[] Compress(ReadOnlySpan<byte> message, MemoryStream scratch)
    {
        scratch.SetLength(0);
        using (var gzip = new GZipStream(scratch, CompressionLevel.Fastest, leaveOpen: true))
            gzip.Write(message);
        var gzipped = scratch.GetBuffer().AsSpan(0, (int)scratch.Length);
        var result = new byte[Opening.Length + System.Buffers.Text.Base64.GetMaxEncodedToUtf8Length(gzipped.Length) + Closing.Length];
        Opening.CopyTo(result);
        System.Buffers.Text.Base64.EncodeToUtf8(gzipped, result.AsSpan(Opening.Length), out _, out var written);
        Closing.CopyTo(result.AsSpan(Opening.Length + written));
        return result;
    }

    /// <summary>
    /// The message inside a version-3 message's <c>gzip</c> bytes, or false with a reason (corrupt, truncated, or
    /// larger than <see cref="MaxInflatedBytes"/>).
    /// </summary>
    public static bool TryInflate(byte[] gzipped, out ReadOnlyMemory<byte> inflated, out string? error)
    {
        inflated = default;
        error = null;
        try
        {
            using var gzip = new GZipStream(new MemoryStream(gzipped, writable: false), CompressionMode.Decompress);
            var buffer = new byte[Math.Min(MaxInflatedBytes + 1, Math.Max(4096, gzipped.Length * 16))];
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (buffer.Length > MaxInflatedBytes)
                        return Fail($"a compressed message that inflates past {MaxInflatedBytes} bytes", out error);
                    Array.Resize(ref buffer, Math.Min(MaxInflatedBytes + 1, buffer.Length * 2));
                }
                var read = gzip.Read(buffer, length, buffer.Length - length);
                if (read == 0)
                    break;
                length += read;
            }
            inflated = buffer.AsMemory(0, length);
            return true;
        }
        catch (InvalidDataException e)
        {
            return Fail($"a corrupt compressed message ({e.Message})", out error);
        }
        catch (EndOfStreamException)
        {
            return Fail("a truncated compressed message", out error);
        }
    }

    private static bool Fail(string reason, out string? error)
    {
        error = reason;
        return false;
    }
}
