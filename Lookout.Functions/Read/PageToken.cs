using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Lookout.Functions.Read;

/// <summary>
/// Where the next page of a read starts: the day partition being read (digest queries walk days newest
/// first) and the Table service's continuation within it. Sent as opaque base64url text with a checksum
/// over the payload and the query it belongs to, so an edited, truncated or borrowed token (one from a
/// query with other filters) answers 400 instead of silently reading the wrong place. The checksum is not
/// a secret: a token only says where to resume a query its holder may run anyway.
/// </summary>
public readonly record struct PageToken(string? Day, string? Continuation)
{
    private const int ChecksumBytes = 12;

    public string Encode(string query)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(new TokenPayload(Day, Continuation), ReadJsonContext.Default.TokenPayload);
        return Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(Checksum(query, payload));
    }

    /// <summary>The token given in <c>token</c>, or null for the first page; throws <see cref="BadParameterException"/> when it was not made for <paramref name="query"/>.</summary>
    public static PageToken? Decode(string? text, string query)
    {
        if (text is null)
            return null;
        var bad = new BadParameterException("'token' is not a continuation token of this query (use the 'next' value of the previous page, with the same filters).");
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || text.Length > 4096)
            throw bad;
        byte[] payload, checksum;
        try
        {
            payload = Base64Url.DecodeFromChars(text.AsSpan(0, dot));
            checksum = Base64Url.DecodeFromChars(text.AsSpan(dot + 1));
        }
        catch (FormatException)
        {
            throw bad;
        }
        if (!CryptographicOperations.FixedTimeEquals(checksum, Checksum(query, payload)))
            throw bad;
        try
        {
            var decoded = JsonSerializer.Deserialize(payload, ReadJsonContext.Default.TokenPayload) ?? throw bad;
            return new PageToken(decoded.D, decoded.C);
        }
        catch (JsonException)
        {
            throw bad;
        }
    }

    private static byte[] Checksum(string query, byte[] payload)
    {
        var queryBytes = Encoding.UTF8.GetBytes(query + "\n");
        var hash = SHA256.HashData([.. queryBytes, .. payload]);
        return hash[..ChecksumBytes];
    }
}

/// <summary>The token's JSON: short names, it travels in URLs.</summary>
public sealed record TokenPayload(string? D, string? C);
