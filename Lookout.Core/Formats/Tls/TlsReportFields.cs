using Lookout.Core.Formats.Json;

namespace Lookout.Core.Formats.Tls;

/// <summary>
/// The legacy TLS reports — HPKP (RFC 7469 §3), Expect-CT (RFC 9163 §3.1) and Expect-Staple — share
/// one kebab-case vocabulary: which host and port, when, and the certificate chains.
/// </summary>
public static class TlsReportFields
{
    public static readonly JsonNames DateTime = new("date-time", "dateTime", "date_time");
    private static readonly JsonNames Hostname = new("hostname");
    private static readonly JsonNames Port = new("port");
    private static readonly JsonNames EffectiveExpirationDate = new("effective-expiration-date", "effectiveExpirationDate", "effective_expiration_date");
    private static readonly JsonNames IncludeSubdomains = new("include-subdomains", "includeSubdomains", "include_subdomains");
    private static readonly JsonNames NotedHostname = new("noted-hostname", "notedHostname", "noted_hostname");
    private static readonly JsonNames Scheme = new("scheme");
    private static readonly JsonNames FailureMode = new("failure-mode", "failureMode", "failure_mode");
    private static readonly JsonNames TestReport = new("test-report", "testReport", "test_report");
    private static readonly JsonNames ResponseStatus = new("response-status", "responseStatus", "response_status");
    private static readonly JsonNames CertStatus = new("cert-status", "certStatus", "cert_status");

    public static readonly HashSet<string> Numeric = new(StringComparer.Ordinal) { "port" };

    public static void CollectCommon(FieldCollector fields)
    {
        fields.Text("Hostname", Hostname);
        fields.Count("Port", Port, max: 65535);
        fields.Date("EffectiveExpirationDate", EffectiveExpirationDate);
    }

    public static void CollectHpkp(FieldCollector fields)
    {
        CollectCommon(fields);
        fields.Boolean("IncludeSubdomains", IncludeSubdomains);
        fields.Text("NotedHostname", NotedHostname);
    }

    public static void CollectExpectCt(FieldCollector fields)
    {
        CollectCommon(fields);
        fields.Text("Scheme", Scheme);
        fields.Text("FailureMode", FailureMode);
        fields.Boolean("TestReport", TestReport);
    }

    public static void CollectExpectStaple(FieldCollector fields)
    {
        CollectCommon(fields);
        fields.Text("ResponseStatus", ResponseStatus);
        fields.Text("CertStatus", CertStatus);
    }
}
