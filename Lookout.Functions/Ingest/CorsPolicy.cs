using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Lookout.Functions.Ingest;

/// <summary>
/// CORS for report uploads. Chromium preflights every cross-origin Reporting API / NEL upload and
/// sends the POST only if the answer allows the origin and the <c>content-type</c> header. CORS alone only
/// stops browsers from reading answers, so with an allow-list the POST itself is checked too: Chromium sends
/// <c>Origin</c> with every report upload (report-uri and Reporting API alike), and a foreign one is refused.
/// A request without <c>Origin</c> (curl, a server, a proxy relaying reports) is not a browser upload and
/// is accepted.
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

    /// <summary>Whether a POST may be stored: any origin on the list, or no Origin header at all.</summary>
    public bool MayPost(string? origin) => string.IsNullOrEmpty(origin) || IsAllowed(origin);

    /// <summary>403 for an origin not on the list, the origin quoted only in part.</summary>
    public static IResult Forbidden(string? origin) =>
        Results.Text($"Origin '{Echo.Cap(origin)}' may not send reports here.", "text/plain; charset=utf-8", statusCode: StatusCodes.Status403Forbidden);

    /// <summary>Answers a preflight: 204 with the CORS headers, or 403 for an origin not allowed.</summary>
    public IResult Preflight(HttpContext context)
    {
        var origin = context.Request.Headers.Origin.ToString();
        if (!IsAllowed(origin))
            return Forbidden(origin);
        AddAllowOrigin(context, origin);
        var headers = context.Response.Headers;
        headers.AccessControlAllowMethods = "POST, OPTIONS";
        // Only what an upload needs: never echo the requested list (it may ask for authorization, cookie, …).
        headers.AccessControlAllowHeaders = "content-type";
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
