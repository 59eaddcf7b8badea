using System.Net;
using System.Security.Cryptography;
using System.Text;
using Lookout.Functions.Hosting;
using Microsoft.Azure.Functions.Worker;

namespace Lookout.Standalone;

/// <summary>
/// What the Functions host does with a trigger's <see cref="AuthorizationLevel"/>, for the standalone host:
/// anonymous functions are open; Function and Admin ones need the key — here the configured read key
/// (<c>Lookout__ReadKey</c>) in the <c>x-functions-key</c> header or the <c>code</c> query parameter, as the
/// host accepts its keys — and answer 401 without it. With no read key configured, keyed functions are
/// served to loopback clients only (others get 403), so a local run needs no key and an exposed one leaks nothing.
/// A reverse proxy on the same machine makes every client look like loopback, so without a key a request that
/// carries a proxy's forwarding header (<see cref="ProxyHeaders"/>) is refused too. Refusals are never cached.
/// </summary>
internal sealed class ReadAuthorization(string? readKey)
{
    public const string Setting = "Lookout:ReadKey";
    public const string Header = "x-functions-key";

    private readonly byte[]? _keyHash = string.IsNullOrEmpty(readKey) ? null : SHA256.HashData(Encoding.UTF8.GetBytes(readKey));

    public static ReadAuthorization From(IConfiguration configuration) => new(configuration[Setting]);

    /// <summary>Null when the request may run; else the answer to give instead.</summary>
    public IResult? Refusal(AuthorizationLevel level, HttpContext context)
    {
        if (level == AuthorizationLevel.Anonymous)
            return null;
        // A refusal depends on who asks: no cache may keep it (nor a later answer, which the functions mark themselves).
        context.Response.Headers.CacheControl = "no-store";
        if (_keyHash is null)
        {
            if (!IsLoopback(context.Connection.RemoteIpAddress))
                return Forbidden("Reads are served to loopback clients only: set Lookout__ReadKey to serve them to others with that key.");
            if (ProxyHeaders.FirstIn(context.Request.Headers) is { } forwarded)
                return Forbidden($"This request came through a proxy ({forwarded} header), so its client is not known to be this machine: " +
                    "set Lookout__ReadKey to serve reads through a proxy.");
            return null;
        }
        var given = context.Request.Headers[Header].ToString();
        if (given.Length == 0)
            given = context.Request.Query["code"].ToString();
        // Hash first so the comparison takes the same time whatever the length of the guess.
        if (given.Length > 0 && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), _keyHash))
            return null;
        context.Response.Headers.WWWAuthenticate = "x-functions-key";
        return Results.Text(given.Length == 0
                ? "A key is required: send the read key in the x-functions-key header (or ?code=)."
                : "The key is not valid.",
            "text/plain; charset=utf-8", statusCode: StatusCodes.Status401Unauthorized);
    }

    private static IResult Forbidden(string reason) =>
        Results.Text(reason, "text/plain; charset=utf-8", statusCode: StatusCodes.Status403Forbidden);

    internal static bool IsLoopback(IPAddress? address) => address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
}
