using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Azure.Functions.Worker;

namespace Lookout.Standalone;

/// <summary>
/// What the Functions host does with a trigger's <see cref="AuthorizationLevel"/>, for the standalone host:
/// anonymous functions are open; Function and Admin ones need the key — here the configured read key
/// (<c>Lookout__ReadKey</c>) in the <c>x-functions-key</c> header or the <c>code</c> query parameter, as the
/// host accepts its keys — and answer 401 without it. With no read key configured, keyed functions are
/// served to loopback clients only (others get 403), so a local run needs no key and an exposed one leaks nothing.
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
        if (_keyHash is null)
            return IsLoopback(context.Connection.RemoteIpAddress) ? null : Results.Text(
                "Reads are served to loopback clients only: set Lookout__ReadKey to serve them to others with that key.",
                "text/plain; charset=utf-8", statusCode: StatusCodes.Status403Forbidden);
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

    internal static bool IsLoopback(IPAddress? address) => address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
}
