namespace Lookout.Tests.Browser;

/// <summary>
/// What Lookout must make of each browser case: the report type slug and key fields (as stored, typed)
/// that every report of the case's delivery carries. Shared by the capture-fixture tests (parser only)
/// and the end-to-end tests (rows in Table Storage).
/// </summary>
public static class BrowserCaseExpectations
{
    private static readonly Dictionary<string, (string Type, (string Field, object Value)[] Fields)> Expected = new()
    {
        ["csp-enforce-report-uri"] = ("csp-violation", [("EffectiveDirective", "img-src"), ("Disposition", "enforce"), ("StatusCode", 200L)]),
        ["csp-report-only-report-uri"] = ("csp-violation", [("EffectiveDirective", "img-src"), ("Disposition", "report"), ("StatusCode", 200L)]),
        ["csp-enforce-report-to"] = ("csp-violation", [("EffectiveDirective", "img-src"), ("Disposition", "enforce")]),
        ["csp-report-only-report-to"] = ("csp-violation", [("EffectiveDirective", "img-src"), ("Disposition", "report")]),
        ["csp-report-to-v0"] = ("csp-violation", [("EffectiveDirective", "img-src"), ("Disposition", "enforce")]),
        ["deprecation"] = ("deprecation", [("ReportId", "XMLHttpRequestSynchronousInNonWorkerOutsideBeforeUnload")]),
        ["intervention"] = ("intervention", [("ReportId", "NavigatorVibrate")]),
        ["coep-enforce"] = ("coep", [("ViolationType", "corp"), ("Destination", "image"), ("Disposition", "enforce")]),
        ["coep-report-only"] = ("coep", [("ViolationType", "corp"), ("Disposition", "report"), ("DispositionRaw", "reporting")]),
        ["coop-enforce"] = ("coop", [("ViolationType", "navigation-to-response"), ("EffectivePolicy", "same-origin"), ("Disposition", "enforce")]),
        ["coop-report-only"] = ("coop", [("ViolationType", "navigation-to-response"), ("Disposition", "report")]),
        ["permissions-policy"] = ("permissions-policy-violation", [("FeatureId", "geolocation"), ("Disposition", "enforce")]),
        ["document-policy"] = ("document-policy-violation", [("FeatureId", "js-profiling")]),
        ["crash"] = ("crash", [("IsTopLevel", true), ("VisibilityState", "visible")]),
        ["nel"] = ("network-error", [("Phase", "application"), ("Protocol", "h2"), ("ServerIp", "127.0.0.1"), ("SamplingFraction", 1.0)]),
    };

    public static (string Type, (string Field, object Value)[] Fields) For(string caseId) => Expected[caseId];

    /// <summary>The wire format Lookout records for the case (legacy report-uri vs Reporting API).</summary>
    public static string SourceFormat(BrowserCase c) => c.ContentType == BrowserCases.CspReport ? "csp-report" : "reporting-api";
}
