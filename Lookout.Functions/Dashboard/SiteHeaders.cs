namespace Lookout.Functions.Dashboard;

/// <summary>How a report URL can be reached, which decides the headers that work (measured with Chromium 156:
/// docs/browser-testing.md).</summary>
public enum ReportUrlMode
{
    /// <summary>Plain HTTP: browsers send CSP <c>report-uri</c> reports only.</summary>
    Http,

    /// <summary>HTTPS on this machine (127.0.0.1, localhost): every header works once the browser trusts the certificate.</summary>
    LocalHttps,

    /// <summary>HTTPS on a public name: every header works.</summary>
    Https,
}

/// <summary>One response header to paste into a site.</summary>
public sealed record SiteHeader(string Name, string Value);

/// <summary>
/// The response headers a site sends to report to Lookout, for one report URL: the one text the dashboard's
/// set-up page shows, run-local.sh prints and the deployment outputs (a test compares them). The group is
/// <c>default</c> because deprecation, intervention and crash reports go to the endpoint of that name only.
/// </summary>
public static class SiteHeaders
{
    public const string Group = "default";
    public const string Nel = """{"report_to":"default","max_age":2592000,"success_fraction":0.0,"failure_fraction":1.0}""";

    public static ReportUrlMode ModeOf(Uri reportUrl) =>
        reportUrl.Scheme != Uri.UriSchemeHttps ? ReportUrlMode.Http
        : reportUrl.IsLoopback ? ReportUrlMode.LocalHttps
        : ReportUrlMode.Https;

    public static IReadOnlyList<SiteHeader> For(Uri reportUrl)
    {
        var url = reportUrl.AbsoluteUri;
        if (ModeOf(reportUrl) == ReportUrlMode.Http)
            // With a report-to in the CSP Chromium ignores report-uri, and report-to needs HTTPS: so report-uri alone.
            return [new("Content-Security-Policy-Report-Only", $"default-src 'self'; report-uri {url}")];
        return
        [
            new("Reporting-Endpoints", $"{Group}=\"{url}\""),
            new("Content-Security-Policy-Report-Only", $"default-src 'self'; report-uri {url}; report-to {Group}"),
            new("Report-To", $$"""{"group":"{{Group}}","max_age":10886400,"endpoints":[{"url":"{{url}}"}]}"""),
            new("NEL", Nel),
        ];
    }

    /// <summary>Why these headers and no others, in one or two sentences.</summary>
    public static string Reason(ReportUrlMode mode) => mode switch
    {
        ReportUrlMode.Http =>
            "This Lookout's report URL is plain HTTP, so browsers send only CSP report-uri reports to it: Reporting-Endpoints, " +
            "Report-To and NEL need an HTTPS page and a trusted HTTPS endpoint, and with a report-to in the CSP Chromium ignores " +
            "report-uri. For every report type, serve Lookout over HTTPS (locally: ./run-local.sh --https).",
        ReportUrlMode.LocalHttps =>
            "This Lookout's report URL is HTTPS on this machine: every header works from HTTPS pages opened in a browser on this " +
            "machine that trusts Lookout's certificate (for the throwaway one of ./run-local.sh --https, start Chromium with the " +
            "SPKI flag it printed). Chromium uses report-to (and then ignores report-uri); other browsers use report-uri.",
        _ =>
            "This Lookout's report URL is HTTPS: every header works from your HTTPS pages. Chromium uses report-to (and then " +
            "ignores report-uri); browsers without the Reporting API use report-uri. Plain-HTTP pages send CSP report-uri reports only.",
    };
}
