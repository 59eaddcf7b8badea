using Lookout.Core.Formats.Json;

namespace Lookout.Core.Formats.ReportingApi;

/// <summary>
/// CSP3 violation report body (<c>csp-violation</c>). The aliases also cover the legacy
/// <c>csp-report</c> names and the <c>SecurityPolicyViolationEvent</c> names some scripts post,
/// so the legacy parser shares this extractor.
/// </summary>
internal static class CspViolationBody
{
    public static readonly string[] DocumentUrl = ["documentURL", "document-uri", "documentURI", "document-url", "documentUri", "documentUrl", "document_uri"];
    public static readonly string[] BlockedUrl = ["blockedURL", "blocked-uri", "blockedURI", "blocked-url", "blockedUri", "blockedUrl", "blocked_uri", "blocked"];
    public static readonly string[] EffectiveDirective = ["effectiveDirective", "effective-directive", "effective_directive"];
    public static readonly string[] ViolatedDirective = ["violatedDirective", "violated-directive", "violated_directive", "directive"];
    public static readonly string[] OriginalPolicy = ["originalPolicy", "original-policy", "original_policy", "policy"];
    public static readonly string[] Disposition = ["disposition"];
    public static readonly string[] StatusCode = ["statusCode", "status-code", "status_code", "status"];
    public static readonly string[] SourceFile = ["sourceFile", "source-file", "source_file"];
    public static readonly string[] LineNumber = ["lineNumber", "line-number", "line_number"];
    public static readonly string[] ColumnNumber = ["columnNumber", "column-number", "column_number"];
    public static readonly string[] Sample = ["sample", "script-sample", "scriptSample", "script_sample"];
    public static readonly string[] Referrer = ["referrer"];

    /// <summary>Every name above: members the legacy converter maps rather than copies.</summary>
    public static readonly HashSet<string> KnownNames = new(
        [.. DocumentUrl, .. BlockedUrl, .. EffectiveDirective, .. ViolatedDirective, .. OriginalPolicy, .. Disposition,
         .. StatusCode, .. SourceFile, .. LineNumber, .. ColumnNumber, .. Sample, .. Referrer], StringComparer.Ordinal);

    public static void Extract(JsonObjectView body, FieldList fields)
    {
        var violated = body.String(ViolatedDirective);
        fields.Add("DocumentUrl", body.String(DocumentUrl))
            .Add("BlockedUrl", body.String(BlockedUrl))
            .Add("EffectiveDirective", EffectiveOf(body.String(EffectiveDirective), violated))
            .Add("ViolatedDirective", violated)
            .AddDisposition(body.String(Disposition))
            .Add("StatusCode", body.Int64(StatusCode))
            .Add("SourceFile", body.String(SourceFile))
            .Add("LineNumber", body.Int64(LineNumber))
            .Add("ColumnNumber", body.Int64(ColumnNumber))
            .Add("Sample", body.String(Sample))
            .Add("Referrer", body.String(Referrer))
            .Add("OriginalPolicy", body.String(OriginalPolicy));
    }

    /// <summary><c>effective-directive</c>, or else the first token of <c>violated-directive</c>.</summary>
    public static string? EffectiveOf(string? effective, string? violated)
    {
        if (!string.IsNullOrWhiteSpace(effective))
            return effective.Trim();
        if (string.IsNullOrWhiteSpace(violated))
            return null;
        var t = violated.AsSpan().Trim();
        var space = t.IndexOfAny(' ', '\t');
        return (space < 0 ? t : t[..space]).ToString();
    }
}
