using Lookout.Core.Deliveries;
using Lookout.Core.Formats.Csp;
using Lookout.Core.Formats.Json;
using Lookout.Core.Formats.ReportingApi;
using Lookout.Core.Formats.Tls;
using Lookout.Core.Reports;

namespace Lookout.Core.Formats;

/// <summary>
/// Decides which parser reads one report object. Browsers are inconsistent about Content-Type
/// (Safari posts Reporting API objects as <c>application/csp-report</c>, Chromium posted
/// Expect-Staple as <c>application/json</c>), so the object's own shape decides, in this order:
/// a known wrapper, the generic Reporting API shape, then the legacy members of each format.
/// </summary>
public static class ReportClassifier
{
    public static NormalizedReport Classify(ReadOnlyMemory<byte> reportJson, WireFormat format)
    {
        var raw = System.Text.Encoding.UTF8.GetString(reportJson.Span);
        using var members = JsonMembers.Read(reportJson);

        using (var csp = Wrapped(members, LegacyCspParser.WrapperName))
            if (csp is not null)
                return LegacyCspParser.Recognises(csp)
                    ? LegacyCspParser.Parse(csp, raw)
                    : UnknownReport.Of(raw, $"The csp-report object has none of the CSP report fields ({csp.DescribeNames()}).");
        using (var ct = Wrapped(members, TlsReportParser.ExpectCtWrapper))
            if (ct is not null)
                return TlsReportParser.Parse(ct, raw, ReportTypes.ExpectCt);
        using (var staple = Wrapped(members, TlsReportParser.ExpectStapleWrapper))
            if (staple is not null)
                return TlsReportParser.Parse(staple, raw, ReportTypes.ExpectStaple);
        if (ReportingApiParser.Recognises(members))
            return ReportingApiParser.Parse(members, raw);
        if (TlsReportParser.IsHpkp(members))
            return TlsReportParser.Parse(members, raw, ReportTypes.Hpkp);
        if (LegacyCspParser.Recognises(members))
            return LegacyCspParser.Parse(members, raw);
        if (TlsReportParser.IsExpectStaple(members))
            return TlsReportParser.Parse(members, raw, ReportTypes.ExpectStaple);
        if (format == WireFormat.ExpectCtReport || TlsReportParser.IsExpectCt(members))
            return TlsReportParser.Parse(members, raw, ReportTypes.ExpectCt);

        return UnknownReport.Of(raw, $"{Describe(format)} object matches no known report shape ({members.DescribeNames()}).");
    }

    private static JsonMembers? Wrapped(JsonMembers members, byte[] wrapper) => members.ObjectAt(members.IndexOf(wrapper));

    private static string Describe(WireFormat format) => format switch
    {
        WireFormat.ReportsJson => "An application/reports+json",
        WireFormat.CspReport => "An application/csp-report",
        WireFormat.ExpectCtReport => "An application/expect-ct-report+json",
        _ => "An application/json",
    };
}
