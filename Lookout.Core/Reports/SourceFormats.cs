namespace Lookout.Core.Reports;

/// <summary>Which wire format a report arrived in (the entity's <c>SourceFormat</c> property).</summary>
public static class SourceFormats
{
    /// <summary>Reporting API (<c>application/reports+json</c>, Report-To v0 and Reporting-Endpoints v1).</summary>
    public const string ReportingApi = "reporting-api";
    /// <summary>Legacy CSP <c>report-uri</c> body (<c>{"csp-report":{…}}</c> or unwrapped).</summary>
    public const string CspReport = "csp-report";
    // The legacy TLS reports (HPKP, Expect-CT, Expect-Staple) arrive in a wire format named after their kind: their
    // SourceFormat is the kind's slug (Formats/WireFormats/HpkpFormat.cs and its siblings).
    /// <summary>Nothing recognised the report.</summary>
    public const string Unknown = "unknown";
}
