using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Lookout.Functions.Triage;

/// <summary>
/// Writes (triage, noise rules) need the write key <c>Lookout__WriteKey</c> in the <c>x-lookout-write-key</c>
/// header, checked by the function itself under both hosts, so no read key — function key or standalone read
/// key — can write: without a key 401, with any other key 403. With no write key configured, writes are
/// served to loopback clients only (and not through a proxy), as reads are standalone.
/// </summary>
public sealed class WriteAuthorization(IOptions<LookoutOptions> options)
{
    public const string Header = "x-lookout-write-key";

    private readonly byte[]? _keyHash = options.Value.WriteKey is { Length: > 0 } key ? SHA256.HashData(Encoding.UTF8.GetBytes(key)) : null;

    /// <summary>Null when the request may write; else the answer to give.</summary>
    public IResult? Refusal(HttpContext context)
    {
        if (_keyHash is null)
        {
            if (!IsLoopback(context.Connection.RemoteIpAddress))
                return Forbidden("Writes are served to loopback clients only: set Lookout__WriteKey to allow them with that key.");
            // A proxy on this machine makes every client look like loopback (as for reads).
            if (Hosting.ProxyHeaders.FirstIn(context.Request.Headers) is { } forwarded)
                return Forbidden($"This request came through a proxy ({forwarded} header): set Lookout__WriteKey to allow writes through a proxy.");
            return null;
        }
        var given = context.Request.Headers[Header].ToString();
        if (given.Length == 0)
        {
            context.Response.Headers.WWWAuthenticate = Header;
            return Results.Text("The write key is required: send it in the x-lookout-write-key header.", "text/plain; charset=utf-8",
                statusCode: StatusCodes.Status401Unauthorized);
        }
        // Hash first so the comparison takes the same time whatever the length of the guess.
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), _keyHash)
            ? null
            : Forbidden("This key cannot write.");
    }

    private static IResult Forbidden(string reason) => Results.Text(reason, "text/plain; charset=utf-8", statusCode: StatusCodes.Status403Forbidden);

    private static bool IsLoopback(IPAddress? address) => address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
}
