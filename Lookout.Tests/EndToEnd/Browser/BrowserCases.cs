using System.Text.Json;

namespace Lookout.Tests.Browser;

/// <summary>
/// One page whose response headers (and a little script) make Chromium send a report.
/// <see cref="Headers"/> gets the collector URL for this case (e.g. <c>…/api/reports?site=&lt;id&gt;</c>).
/// </summary>
public sealed record BrowserCase(
    string Id,
    string ContentType,
    string ReportType,
    Func<string, IReadOnlyDictionary<string, string>> Headers,
    string Markup,
    Func<JsonElement, bool> Matches,
    string Description,
    bool Popups = false,
    bool Crash = false,
    string? OpenTarget = null)
{
    public override string ToString() => Id;

    /// <summary>The reports in one delivery: each array item for reports+json, the csp-report object for legacy CSP.</summary>
    public static IEnumerable<JsonElement> Reports(JsonElement root)
    {
        if (root.ValueKind == JsonValueKind.Array)
            foreach (var item in root.EnumerateArray()) yield return item;
        else if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("csp-report", out var csp))
            yield return csp;
    }

    /// <summary>Report types in a delivery body ("csp-report" for the legacy CSP format).</summary>
    public static IReadOnlyList<string> ReportTypes(byte[] body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("csp-report", out _))
                return ["csp-report"];
            return Reports(doc.RootElement)
                .Select(r => r.TryGetProperty("type", out var t) ? t.GetString() ?? "" : "")
                .Distinct().ToList();
        }
        catch (JsonException) { return []; }
    }

    /// <summary>True when a delivery has this case's content type and a report matching it.</summary>
    public bool IsSatisfiedBy(Delivery delivery)
    {
        if (!delivery.ContentType.StartsWith(ContentType, StringComparison.OrdinalIgnoreCase)) return false;
        try
        {
            using var doc = JsonDocument.Parse(delivery.Body);
            return Reports(doc.RootElement).Any(Matches);
        }
        catch (JsonException) { return false; }
    }
}

public static class BrowserCases
{
    public const string CspReport = "application/csp-report";
    public const string ReportsJson = "application/reports+json";

    private static string Str(JsonElement e, params string[] path)
    {
        foreach (var p in path)
        {
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(p, out e)) return "";
        }
        return e.ValueKind == JsonValueKind.String ? e.GetString() ?? "" : e.ToString();
    }

    private static bool Type(JsonElement r, string type) => Str(r, "type") == type;

    private static IReadOnlyDictionary<string, string> H(params (string Name, string Value)[] headers) =>
        headers.ToDictionary(h => h.Name, h => h.Value);

    /// <summary>Every Reporting API (v1) endpoint name the cases use, all pointing at the case's URL.</summary>
    private static string Endpoints(string u) =>
        $"default=\"{u}\", main=\"{u}\", coep=\"{u}\", coop=\"{u}\", dp=\"{u}\"";

    private static string ReportToV0(string group, string u) =>
        $"{{\"group\":\"{group}\",\"max_age\":600,\"endpoints\":[{{\"url\":\"{u}\"}}]}}";

    private const string Img = "<img src=\"/img.gif\" alt=\"\">";
    private const string CspBase = "default-src 'self'; img-src 'none'";

    public static readonly IReadOnlyList<BrowserCase> All =
    [
        new("csp-enforce-report-uri", CspReport, "csp-report",
            u => H(("Content-Security-Policy", $"{CspBase}; report-uri {u}")), Img,
            r => Str(r, "effective-directive") == "img-src" && Str(r, "disposition") == "enforce",
            "CSP enforce, legacy report-uri; blocked <img>"),
        new("csp-report-only-report-uri", CspReport, "csp-report",
            u => H(("Content-Security-Policy-Report-Only", $"{CspBase}; report-uri {u}")), Img,
            r => Str(r, "effective-directive") == "img-src" && Str(r, "disposition") == "report",
            "CSP Report-Only, legacy report-uri; <img> (and the favicon)"),
        new("csp-enforce-report-to", ReportsJson, "csp-violation",
            u => H(("Content-Security-Policy", $"{CspBase}; report-to main"), ("Reporting-Endpoints", Endpoints(u))), Img,
            r => Type(r, "csp-violation") && Str(r, "body", "effectiveDirective") == "img-src" && Str(r, "body", "disposition") == "enforce",
            "CSP enforce, report-to + Reporting-Endpoints (v1)"),
        new("csp-report-only-report-to", ReportsJson, "csp-violation",
            u => H(("Content-Security-Policy-Report-Only", $"{CspBase}; report-to main"), ("Reporting-Endpoints", Endpoints(u))), Img,
            r => Type(r, "csp-violation") && Str(r, "body", "effectiveDirective") == "img-src" && Str(r, "body", "disposition") == "report",
            "CSP Report-Only, report-to + Reporting-Endpoints (v1)"),
        new("csp-report-to-v0", ReportsJson, "csp-violation",
            u => H(("Content-Security-Policy", $"{CspBase}; report-to main"), ("Report-To", ReportToV0("main", u))), Img,
            r => Type(r, "csp-violation") && Str(r, "body", "effectiveDirective") == "img-src",
            "CSP enforce, report-to + Report-To (v0) group"),
        new("deprecation", ReportsJson, "deprecation",
            u => H(("Reporting-Endpoints", Endpoints(u))),
            "<script>var x=new XMLHttpRequest();x.open('GET','/ping',false);x.send();</script>",
            r => Type(r, "deprecation"),
            "synchronous XHR on the main thread"),
        new("intervention", ReportsJson, "intervention",
            u => H(("Reporting-Endpoints", Endpoints(u))),
            "<script>navigator.vibrate(200);</script>",
            r => Type(r, "intervention"),
            "navigator.vibrate without a user gesture"),
        new("coep-enforce", ReportsJson, "coep",
            u => H(("Cross-Origin-Embedder-Policy", "require-corp; report-to=\"coep\""), ("Reporting-Endpoints", Endpoints(u))),
            "<img src=\"{CROSS}/img.gif\" alt=\"\">",
            r => Type(r, "coep") && Str(r, "body", "disposition") == "enforce",
            "COEP require-corp; cross-origin <img> without CORP"),
        new("coep-report-only", ReportsJson, "coep",
            u => H(("Cross-Origin-Embedder-Policy-Report-Only", "require-corp; report-to=\"coep\""), ("Reporting-Endpoints", Endpoints(u))),
            "<img src=\"{CROSS}/img.gif\" alt=\"\">",
            r => Type(r, "coep") && Str(r, "body", "disposition") == "reporting",
            "COEP-Report-Only require-corp; cross-origin <img> without CORP"),
        new("coop-enforce", ReportsJson, "coop",
            u => H(("Reporting-Endpoints", Endpoints(u))),
            "<script>window.open('/coop/coop-enforce');</script>",
            r => Type(r, "coop") && Str(r, "body", "disposition") == "enforce",
            "page without COOP window.opens a page with COOP same-origin", Popups: true,
            OpenTarget: "Cross-Origin-Opener-Policy"),
        new("coop-report-only", ReportsJson, "coop",
            u => H(("Reporting-Endpoints", Endpoints(u))),
            "<script>window.open('/coop/coop-report-only');</script>",
            r => Type(r, "coop") && Str(r, "body", "disposition") == "reporting",
            "page without COOP window.opens a page with COOP-Report-Only same-origin", Popups: true,
            OpenTarget: "Cross-Origin-Opener-Policy-Report-Only"),
        new("permissions-policy", ReportsJson, "permissions-policy-violation",
            u => H(("Permissions-Policy", "geolocation=()"), ("Reporting-Endpoints", Endpoints(u))),
            "<script>navigator.geolocation.getCurrentPosition(function(){},function(){});</script>",
            r => Type(r, "permissions-policy-violation") && Str(r, "body", "policyId") == "geolocation",
            "Permissions-Policy geolocation=(), then getCurrentPosition"),
        new("document-policy", ReportsJson, "document-policy-violation",
            u => H(("Document-Policy", "js-profiling=?0;report-to=dp"), ("Reporting-Endpoints", Endpoints(u))),
            "<script>try{new Profiler({sampleInterval:10,maxBufferSize:10});}catch(e){}</script>",
            r => Type(r, "document-policy-violation"),
            "Document-Policy js-profiling=?0, then new Profiler()"),
        new("crash", ReportsJson, "crash",
            u => H(("Reporting-Endpoints", Endpoints(u))),
            "<script>addEventListener('load',function(){fetch('/loaded/crash');});</script>",
            r => Type(r, "crash"),
            "DevTools Page.crash on a page with a default endpoint", Crash: true),
        new("nel", ReportsJson, "network-error",
            u => H(("Report-To", ReportToV0("nel", u)),
                   ("NEL", "{\"report_to\":\"nel\",\"max_age\":600,\"success_fraction\":1.0,\"failure_fraction\":1.0}")),
            "<script>fetch('/missing-404').catch(function(){});</script>",
            r => Type(r, "network-error") && Str(r, "body", "type") == "http.error",
            "Report-To nel group + NEL header, then fetch a 404"),
    ];

    public static BrowserCase Get(string id) => All.Single(c => c.Id == id);

    public static IEnumerable<object[]> Ids => All.Select(c => new object[] { c.Id });
}
