using Lookout.Core.Formats.Json;
using Lookout.Core.Reports;

namespace Lookout.Core.Formats.Hpkp;

/// <summary>HTTP Public Key Pinning report (RFC 7469 §3), recognised by <c>known-pins</c>.</summary>
internal static class HpkpReportParser
{
    public static bool Matches(JsonObjectView obj) => obj.Has("known-pins");

    public static NormalizedReport Parse(JsonObjectView report, string raw)
    {
        var fields = new FieldList();
        CertificateReportFields.Extract(report, fields);
        return CertificateReportFields.Build(ReportTypes.Hpkp, SourceFormats.Hpkp, report, raw, fields);
    }
}
