using Lookout.Core.Deliveries;
using Lookout.Core.Formats.Json;
using Lookout.Core.Formats.Kinds;
using Lookout.Core.Reports;

namespace Lookout.Core.Formats.WireFormats;

/// <summary>
/// Expect-CT reports (RFC 9163 §3.1): <c>{"expect-ct-report":{…}}</c>, anything posted as
/// <c>application/expect-ct-report+json</c>, or a bare object with a host name and a certificate member.
/// </summary>
public sealed class ExpectCtFormat() : ReportFormat(ExpectCt.Kind.Slug, ExpectCt.Kind, wrapper: "expect-ct-report")
{
    public static readonly ExpectCtFormat Instance = new();

    private static readonly JsonNames HostMarker = new("hostname");
    private static readonly JsonNames Markers = new("scts", "served-certificate-chain", "validated-certificate-chain", "effective-expiration-date");

    public override bool Recognises(JsonMembers report, WireFormat contentType) =>
        contentType == WireFormat.ExpectCtReport || (report.IndexOfAny(HostMarker) >= 0 && report.IndexOfAny(Markers) >= 0);

    public override NormalizedReport Read(JsonMembers report, string raw, ReportKinds kinds) => TlsReport.Read(Kind!, report, raw);
}
