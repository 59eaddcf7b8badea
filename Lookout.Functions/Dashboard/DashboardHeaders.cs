using Microsoft.AspNetCore.Http;

namespace Lookout.Functions.Dashboard;

/// <summary>
/// The dashboard's response headers: a strict Content-Security-Policy, no framing, no sniffing, no referrer.
/// The loader page may run and style only what carries its per-response nonce — its own inline script and
/// style, and the app's CSS and scripts it injects — never inline code an attacker got into the page, and
/// no <c>'unsafe-inline'</c> or <c>'unsafe-eval'</c>. Chart.js draws on a canvas and sets styles through
/// the CSSOM, which CSP allows. Violations are reported to this Lookout's own ingest endpoint under the
/// site tag <see cref="SelfSite"/>.
/// </summary>
public static class DashboardHeaders
{
    /// <summary>The site tag of the dashboard's own CSP reports.</summary>
    public const string SelfSite = "lookout-dashboard";

    /// <summary>The Reporting API endpoint name used by <c>report-to</c>.</summary>
    public const string EndpointName = "lookout-dashboard";

    /// <summary>Headers of the loader page, allowing what carries <paramref name="nonce"/>.</summary>
    public static void ForLoader(HttpRequest request, string nonce)
    {
        var reports = ReportsPath(request);
        var headers = request.HttpContext.Response.Headers;
        var policy =
            $"default-src 'none'; script-src 'nonce-{nonce}' 'report-sample'; style-src 'nonce-{nonce}' 'report-sample'; connect-src 'self'; img-src 'self' data:; " +
            $"base-uri 'none'; form-action 'self'; frame-ancestors 'none'; report-uri {reports}";
        // Browsers deliver Reporting API reports to HTTPS endpoints only, and Chromium ignores report-uri when
        // report-to is present: over plain HTTP (a local run) report-uri alone, so the report still arrives.
        if (request.IsHttps)
        {
            policy += $"; report-to {EndpointName}";
            headers["Reporting-Endpoints"] = $"{EndpointName}=\"{reports}\"";
        }
        headers.ContentSecurityPolicy = policy;
        Common(headers);
        // Each answer has its own nonce: never reuse a stored one.
        headers.CacheControl = "no-store";
    }

    /// <summary>Headers of the app's files (fetched as text by the loader, never rendered by themselves).</summary>
    public static void ForFile(HttpRequest request)
    {
        var headers = request.HttpContext.Response.Headers;
        headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";
        Common(headers);
        // Revalidate every load so a deployment's new files show at once; the files are small.
        headers.CacheControl = "no-cache";
    }

    private static void Common(IHeaderDictionary headers)
    {
        headers.XFrameOptions = "DENY";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
    }

    /// <summary><c>…/api/reports?site=lookout-dashboard</c> beside the dashboard's own path, whatever the route prefix.</summary>
    private static string ReportsPath(HttpRequest request)
    {
        var path = (request.PathBase + request.Path).Value ?? "";
        var at = path.LastIndexOf("/dashboard", StringComparison.Ordinal);
        return (at < 0 ? "" : path[..at]) + "/reports?site=" + SelfSite;
    }
}
