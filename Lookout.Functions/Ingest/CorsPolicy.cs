using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Lookout.Functions.Ingest;

/// <summary>
/// CORS for report uploads. Chromium preflights every cross-origin Reporting API / NEL upload and
/// sends the POST only if the answer allows the origin and the <c>content-type</c> header.
/// </summary>
public sealed class CorsPolicy
{
    private readonly bool _anyOrigin;
    private readonly HashSet<string> _origins;
    private readonly string _maxAge;

    public CorsPolicy(IOptions<LookoutOptions> options)
    {
        var configured = options.Value.AllowedOrigins
            .Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        _anyOrigin = configured.Length == 0 || configured.Contains("*");
        _origins = new HashSet<string>(configured.Select(o => o.TrimEnd('/')), StringComparer.OrdinalIgnoreCase);
        _maxAge = options.Value.CorsMaxAgeSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public bool IsAllowed(string? origin) => _anyOrigin || (origin is not null && _origins.Contains(origin));

    /// <summary>Answers a preflight: 204 with the CORS headers, or 403 for an origin not allowed.</summary>
    public IResult Preflight(HttpContext context)
    {
        var origin = context.Request.Headers.Origin.ToString();
        if (!IsAllowed(origin))
            return Results.Text($"Origin '{origin}' may not send reports here.", statusCode: StatusCodes.Status403Forbidden);
        AddAllowOrigin(context, origin);
        var headers = context.Response.Headers;
        headers.AccessControlAllowMethods = "POST, OPTIONS";
        var requested = context.Request.Headers.AccessControlRequestHeaders.ToString();
        headers.AccessControlAllowHeaders = string.IsNullOrWhiteSpace(requested) ? "content-type" : requested;
        headers.AccessControlMaxAge = _maxAge;
        return Results.NoContent();
    }

    /// <summary>Adds Access-Control-Allow-Origin to an actual (non-preflight) answer.</summary>
    public void AddAllowOrigin(HttpContext context, string? origin)
    {
        if (string.IsNullOrEmpty(origin) || !IsAllowed(origin))
            return;
        var headers = context.Response.Headers;
        if (_anyOrigin)
        {
            headers.AccessControlAllowOrigin = "*";
        }
        else
        {
            headers.AccessControlAllowOrigin = origin;
            headers.Vary = "Origin";
        }
    }
}
