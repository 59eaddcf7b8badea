using Lookout.Core.Formats.Kinds;
namespace Lookout.Tests.Formats;

/// <summary>
/// Reports built from every member name the parsers knew when the snapshot was taken, under every
/// way a report arrives, so that aliases, renaming and number handling are pinned beyond the fixtures.
/// </summary>
internal static class SyntheticReports
{
    // Every spelling in Lookout.Core/Formats at the snapshot, plus members no parser knows.
    private static readonly string[] Names =
    [
        "age", "allowAttribute", "anticipated-removal", "anticipatedRemoval", "anticipated_removal", "blocked", "blocked-uri",
        "blocked-url", "blockedURI", "blockedURL", "blocked_uri", "blocked_url", "body", "cert-status", "certStatus", "cert_status",
        "colno", "column-number", "columnNumber", "column_number", "date-time", "dateTime", "date_time", "destination",
        "directive", "disposition", "document-uri", "document-url", "documentURI", "documentURL", "document_uri", "document_url",
        "effective-directive", "effective-expiration-date", "effective-policy", "effectiveDirective", "effectiveExpirationDate",
        "effectivePolicy", "effective_directive", "effective_expiration_date", "elapsed-time", "elapsedTime", "elapsed_time",
        "failure-mode", "failureMode", "failure_mode", "feature-id", "featureId", "hash", "hostname", "id", "include-subdomains",
        "includeSubdomains", "include_subdomains", "initial-popup-url", "initialPopupURL", "isTopLevel", "is_top_level",
        "known-pins", "knownPins", "known_pins", "line-number", "lineNumber", "line_number", "lineno", "message", "method",
        "next-response-url", "nextResponseURL", "noted-hostname", "notedHostname", "noted_hostname", "ocsp-response",
        "ocspResponse", "opened-window-url", "openedWindowURL", "opener-url", "openerURL", "original-policy", "originalPolicy",
        "original_policy", "other-document-url", "otherDocumentURL", "phase", "policy", "policy-id", "policyId", "port",
        "previous-response-url", "previousResponseURL", "property", "protocol", "reason", "referrer", "report-only", "reportOnly",
        "report_only", "response-status", "responseStatus", "response_status", "sample", "sampling-fraction", "samplingFraction",
        "sampling_fraction", "scheme", "script-sample", "script_sample", "scts", "served-certificate-chain", "server-ip",
        "serverIp", "server_ip", "source-file", "sourceFile", "source_file", "srcAttribute", "stack", "status", "status-code",
        "statusCode", "status_code", "subresource-url", "subresourceURL", "subresource_url", "test-report", "testReport",
        "test_report", "type", "url", "userAgent", "user_agent", "validated-certificate-chain", "violated-directive",
        "violatedDirective", "violated_directive", "visibilityState", "visibility_state", "x-extra", "column_Number", "Referrer",
    ];

    private static readonly string[] Values = ["\"7\"", "7", "\"Report-Only\"", "\"2020-01-02T03:04:05Z\"", "true", "\"script-src 'self'\""];

    /// <summary>Every registered kind's slug, then their older type names, then a type no kind declares.</summary>
    private static readonly string[] ReportingApiTypes =
    [
        .. ReportKinds.Builtin.All.Select(k => k.Slug),
        .. ReportKinds.Builtin.All.SelectMany(k => k.TypeNames.Skip(1).Select(n => n.Name)),
        "another-error",
    ];

    private static readonly (string Name, string Prefix, string Suffix, string ContentType)[] LegacyShapes =
    [
        ("unwrapped-json", "", "", "application/json"),
        ("unwrapped-csp-report", "", "", "application/csp-report"),
        ("unwrapped-expect-ct", "", "", "application/expect-ct-report+json"),
        ("csp-report", """{"csp-report":""", "}", "application/csp-report"),
        ("expect-ct-report", """{"expect-ct-report":""", "}", "application/expect-ct-report+json"),
        ("expect-staple-report", """{"expect-staple-report":""", "}", "application/json"),
    ];

    public static IEnumerable<(string Group, List<(string Name, string Body, string ContentType)> Deliveries)> Groups()
    {
        foreach (var type in ReportingApiTypes)
            yield return ($"reporting-api/{type}", Bodies().Select(b =>
                ($"{type} {b.Name}", $$"""[{"type":"{{type}}","age":3,"url":"https://a.example/","body":{{b.Json}}}]""", "application/reports+json")).ToList());
        foreach (var shape in LegacyShapes)
            yield return ($"legacy/{shape.Name}", Bodies().Select(b =>
                ($"{shape.Name} {b.Name}", shape.Prefix + b.Json + shape.Suffix, shape.ContentType)).ToList());
    }

    // Each name alone with each value; all names at once, in order and reversed (the first spelling wins).
    private static IEnumerable<(string Name, string Json)> Bodies()
    {
        foreach (var name in Names)
            foreach (var value in Values)
                yield return ($"{name}={value}", $$"""{"{{name}}":{{value}}}""");
        foreach (var value in Values)
        {
            yield return ($"all={value}", "{" + string.Join(",", Names.Select(n => $"\"{n}\":{value}")) + "}");
            yield return ($"all-reversed={value}", "{" + string.Join(",", Names.Reverse().Select(n => $"\"{n}\":{value}")) + "}");
        }
        yield return ("mixed", "{" + string.Join(",", Names.Select((n, i) => $"\"{n}\":{Values[i % Values.Length]}")) + "}");
    }
}
