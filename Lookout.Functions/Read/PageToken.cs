using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Lookout.Functions.Read;

/// <summary>
/// Where the next page of a read starts: the day partition being read (digest queries walk days newest
/// first) and the Table service's continuation within it. Sent as base64url text with an HMAC-SHA256 over
/// the payload and the query it belongs to (<see cref="PageTokens"/>), so a token cannot be forged,
/// edited, truncated or borrowed from a query with other filters: each answers 400.
/// </summary>
public readonly record struct PageToken(string? Day, string? Continuation);

/// <summary>
/// Signs and checks <see cref="PageToken"/>s with the server's secret (<c>Lookout__PageTokenSecret</c>).
/// Without the setting each process draws its own random secret: a token then only works on the instance
/// that issued it and until it restarts; elsewhere it answers 400 and the client starts again at the
/// first page (docs/dashboard.md, "Paging").
/// </summary>
public sealed class PageTokens
{
    private const int MacBytes = 16;
    private readonly byte[] _key;

    public PageTokens(string? secret) =>
        _key = string.IsNullOrEmpty(secret) ? RandomNumberGenerator.GetBytes(32) : Encoding.UTF8.GetBytes(secret);

    public string Encode(PageToken token, string query)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(new TokenPayload(token.Day, token.Continuation), ReadJsonContext.Default.TokenPayload);
        return Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(Mac(query, payload));
    }

    /// <summary>The token given in <c>token</c>, or null for the first page; throws <see cref="BadParameterException"/>
    /// unless this server signed it for <paramref name="query"/>. The caller still checks the position it holds.</summary>
    public PageToken? Decode(string? text, string query)
    {
        if (text is null)
            return null;
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || text.Length > 4096)
            throw Invalid();
        byte[] payload, mac;
        try
        {
            payload = Base64Url.DecodeFromChars(text.AsSpan(0, dot));
            mac = Base64Url.DecodeFromChars(text.AsSpan(dot + 1));
        }
        catch (FormatException)
        {
            throw Invalid();
        }
        // The signature first: nothing of an unsigned payload is parsed.
        if (!CryptographicOperations.FixedTimeEquals(mac, Mac(query, payload)))
            throw Invalid();
        try
        {
            var decoded = JsonSerializer.Deserialize(payload, ReadJsonContext.Default.TokenPayload) ?? throw Invalid();
            return new PageToken(decoded.D, decoded.C);
        }
        catch (JsonException)
        {
            throw Invalid();
        }
    }

    public static BadParameterException Invalid() => new(
        "'token' is not a continuation token of this query (use the 'next' value of the previous page, with the same filters; " +
        "a token from before a restart or from another instance without a shared Lookout__PageTokenSecret is not valid either: start at the first page).");

    private byte[] Mac(string query, byte[] payload)
    {
        using var hmac = new HMACSHA256(_key);
        var queryBytes = Encoding.UTF8.GetBytes(query + "\n");
        hmac.TransformBlock(queryBytes, 0, queryBytes.Length, null, 0);
        hmac.TransformFinalBlock(payload, 0, payload.Length);
        return hmac.Hash![..MacBytes];
    }
}

/// <summary>The token's JSON: short names, it travels in URLs.</summary>
public sealed record TokenPayload(string? D, string? C);
