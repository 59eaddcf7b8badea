using Lookout.Core.Formats.Json;
using Lookout.Core.Reports;

namespace Lookout.Core.Formats.Tls;

/// <summary>
/// HPKP, Expect-CT and Expect-Staple reports posted on their own (not through the Reporting API):
/// recognised by their wrapper (<c>expect-ct-report</c>, <c>expect-staple-report</c>) or their members
/// (<c>known-pins</c>; <c>response-status</c>/<c>ocsp-response</c>), converted to camelCase bodies.
/// </summary>
public static class TlsReportParser
{
    public static readonly byte[] ExpectCtWrapper = "expect-ct-report"u8.ToArray();
    public static readonly byte[] ExpectStapleWrapper = "expect-staple-report"u8.ToArray();
    private static readonly JsonNames HpkpMarkers = new("known-pins", "knownPins", "known_pins");
    private static readonly JsonNames StapleMarkers = new("response-status", "ocsp-response", "cert-status", "responseStatus", "ocspResponse");
    private static readonly JsonNames CtMarkers = new("scts", "served-certificate-chain", "validated-certificate-chain", "effective-expiration-date");
    private static readonly JsonNames HostMarkers = new("hostname");

    public static bool IsHpkp(JsonMembers members) => members.IndexOfAny(HpkpMarkers) >= 0;
    public static bool IsExpectStaple(JsonMembers members) => members.IndexOfAny(StapleMarkers) >= 0;
    public static bool IsExpectCt(JsonMembers members) =>
        members.IndexOfAny(HostMarkers) >= 0 && members.IndexOfAny(CtMarkers) >= 0;

    public static NormalizedReport Parse(JsonMembers report, string raw, string type)
    {
        var fields = new FieldCollector(report);
        Collect(type)(fields);
        return new NormalizedReport
        {
            Type = type,
            SourceFormat = type, // hpkp, expect-ct, expect-staple are both the type and the wire format
            Url = SiteUrl(fields),
            OccurredAt = report.DateTimeAt(report.IndexOfAny(TlsReportFields.DateTime)),
            Body = BodyWriter.Write(report, BodyWriter.CamelCase, TlsReportFields.Numeric),
            Raw = raw,
            Fields = fields.Fields,
        };
    }

    /// <summary>
    /// These reports name a host, not a document: <c>https://hostname[:port]/</c> stands in for the
    /// report's url so that every type can be queried by site. The default port is left out.
    /// </summary>
    private static string? SiteUrl(FieldCollector fields)
    {
        var host = fields.StringOf("Hostname")?.Trim('[', ']');
        var hostType = string.IsNullOrWhiteSpace(host) ? UriHostNameType.Unknown : Uri.CheckHostName(host);
        if (hostType == UriHostNameType.Unknown)
            return null;
        var authority = hostType == UriHostNameType.IPv6 ? $"[{host}]" : host;
        var port = fields.Int64Of("Port") is long p and > 0 and <= 65535 and not 443 ? $":{p}" : "";
        return Uri.TryCreate($"https://{authority}{port}/", UriKind.Absolute, out var url) ? url.AbsoluteUri : null;
    }

    public static Action<FieldCollector> Collect(string type) => type switch
    {
        ReportTypes.Hpkp => TlsReportFields.CollectHpkp,
        ReportTypes.ExpectCt => TlsReportFields.CollectExpectCt,
        _ => TlsReportFields.CollectExpectStaple,
    };
}
