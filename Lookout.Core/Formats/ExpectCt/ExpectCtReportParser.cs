using Lookout.Core.Formats.Hpkp;
using Lookout.Core.Formats.Json;
using Lookout.Core.Reports;

namespace Lookout.Core.Formats.ExpectCt;

/// <summary>Expect-CT report (RFC 9163 §3.1), normally wrapped in <c>expect-ct-report</c>.</summary>
internal static class ExpectCtReportParser
{
    public const string Wrapper = "expect-ct-report";

    public static NormalizedReport Parse(JsonObjectView inner, string raw)
    {
        var fields = new FieldList();
        CertificateReportFields.Extract(inner, fields);
        return CertificateReportFields.Build(ReportTypes.ExpectCt, SourceFormats.ExpectCt, inner, raw, fields);
    }
}
