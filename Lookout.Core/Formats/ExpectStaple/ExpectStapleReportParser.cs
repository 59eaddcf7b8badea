using Lookout.Core.Formats.Hpkp;
using Lookout.Core.Formats.Json;
using Lookout.Core.Reports;

namespace Lookout.Core.Formats.ExpectStaple;

/// <summary>
/// Chromium's Expect-Staple report: wrapped in <c>expect-staple-report</c> or (as Chromium sent it) unwrapped,
/// recognised by its OCSP members.
/// </summary>
internal static class ExpectStapleReportParser
{
    public const string Wrapper = "expect-staple-report";

    public static bool LooksUnwrapped(JsonObjectView obj) =>
        obj.Has("hostname") && (obj.Has("response-status") || obj.Has("ocsp-response-status") || obj.Has("cert-status") || obj.Has("ocsp-response"));

    public static NormalizedReport Parse(JsonObjectView inner, string raw)
    {
        var fields = new FieldList();
        CertificateReportFields.Extract(inner, fields);
        fields.Add("ResponseStatus", inner.String("response-status", "ocsp-response-status"))
            .Add("CertStatus", inner.String("cert-status"));
        return CertificateReportFields.Build(ReportTypes.ExpectStaple, SourceFormats.ExpectStaple, inner, raw, fields);
    }
}
