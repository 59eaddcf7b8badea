using Lookout.Core.Formats.Json;
using Lookout.Core.Formats.ReportingApi;

namespace Lookout.Core.Formats.Csp;

/// <summary>
/// Key fields of a CSP violation, whatever the spelling: the Reporting API body (CSP3), the legacy
/// <c>csp-report</c> object of Chrome, Firefox, Safari and old WebKit, and the 2018 draft <c>csp</c> body.
/// </summary>
public static class CspViolationFields
{
    public static readonly JsonNames EffectiveDirective = new("effectiveDirective", "effective-directive", "effective_directive");
    public static readonly JsonNames ViolatedDirective = new("violatedDirective", "violated-directive", "violated_directive", "directive");
    public static readonly JsonNames OriginalPolicy = new("originalPolicy", "original-policy", "original_policy", "policy");
    public static readonly JsonNames StatusCode = new("statusCode", "status-code", "status_code", "status");
    public static readonly JsonNames Sample = new("sample", "script-sample", "script_sample");

    /// <summary>Any of these makes an object a CSP violation report.</summary>
    public static readonly JsonNames Markers = new(
        "document-uri", "violated-directive", "effective-directive", "blocked-uri", "original-policy",
        "documentURI", "documentURL", "violatedDirective", "effectiveDirective", "blockedURI", "blockedURL", "document-url",
        "document_uri", "violated_directive", "effective_directive", "blocked_uri", "original_policy");

    public static void Collect(FieldCollector fields)
    {
        fields.Text("DocumentUrl", CommonNames.DocumentUrl);
        fields.Text("BlockedUrl", CommonNames.BlockedUrl);
        var violated = fields.Text("ViolatedDirective", ViolatedDirective);
        if (fields.Text("EffectiveDirective", EffectiveDirective) is null && FirstToken(violated) is { } effective)
            fields.Add("EffectiveDirective", effective);
        CommonNames.NormalizedDisposition(fields);
        fields.Count("StatusCode", StatusCode, max: 999);
        CommonNames.Location(fields);
        fields.Text("Sample", Sample);
        fields.Text("Referrer", CommonNames.Referrer);
        fields.Text("OriginalPolicy", OriginalPolicy);
    }

    /// <summary>Firefox and old browsers send no effective-directive: it is the violated directive's name.</summary>
    public static string? FirstToken(string? directive)
    {
        var trimmed = directive?.Trim();
        if (string.IsNullOrEmpty(trimmed)) return null;
        var end = trimmed.IndexOfAny([' ', '\t']);
        return end < 0 ? trimmed : trimmed[..end];
    }
}
