using Lookout.Core.Deliveries;
using Lookout.Core.Formats.Json;
using Lookout.Core.Formats.Kinds;
using Lookout.Core.Reports;

namespace Lookout.Core.Formats.WireFormats;

/// <summary>Chromium's Expect-Staple reports: <c>{"expect-staple-report":{…}}</c>, or bare with their OCSP members.</summary>
public sealed class ExpectStapleFormat() : ReportFormat(ExpectStaple.Kind.Slug, ExpectStaple.Kind, wrapper: "expect-staple-report")
{
    public static readonly ExpectStapleFormat Instance = new();

    private static readonly JsonNames Markers = new("response-status", "ocsp-response", "cert-status", "responseStatus", "ocspResponse");

    public override bool Recognises(JsonMembers report, WireFormat contentType) => report.IndexOfAny(Markers) >= 0;

    public override NormalizedReport Read(JsonMembers report, string raw, ReportKinds kinds) => TlsReport.Read(Kind!, report, raw);
}
