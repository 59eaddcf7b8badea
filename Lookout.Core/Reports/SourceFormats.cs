namespace Lookout.Core.Reports;

/// <summary>Which wire format a report arrived in (the entity's <c>SourceFormat</c> property).</summary>
public static class SourceFormats
{
    /// <summary>Reporting API (<c>application/reports+json</c>, Report-To v0 and Reporting-Endpoints v1).</summary>
    public const string ReportingApi = "reporting-api";
    /// <summary>Legacy CSP <c>report-uri</c> body (<c>{"csp-report":{…}}</c> or unwrapped).</summary>
    public const string CspReport = "csp-report";
    /// <summary>HTTP Public Key Pinning report (RFC 7469 §3).</summary>
    public const string Hpkp = "hpkp";
    /// <summary>Expect-CT report (RFC 9163).</summary>
    public const string ExpectCt = "expect-ct";
    /// <summary>Chromium's Expect-Staple report.</summary>
    public const string ExpectStaple = "expect-staple";
    /// <summary>Nothing recognised the report.</summary>
    public const string Unknown = "unknown";
}
