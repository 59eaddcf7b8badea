using Lookout.Core.Deliveries;
using Lookout.Core.Formats.Json;
using Lookout.Core.Formats.Kinds;
using Lookout.Core.Reports;

namespace Lookout.Core.Formats.WireFormats;

/// <summary>
/// CSP2 <c>report-uri</c> reports: <c>{"csp-report":{…}}</c>, or the bare object some browsers and
/// collectors send, converted to a <see cref="CspViolation"/> with the generic body.
/// </summary>
public sealed class LegacyCspFormat() : ReportFormat(SourceFormats.CspReport, CspViolation.Kind, wrapper: "csp-report")
{
    public static readonly LegacyCspFormat Instance = new();

    /// <summary>
    /// Any of these (spellings of <see cref="CspViolation"/> fields) makes a bare object a CSP report.
    /// The draft names (<c>blocked</c>, <c>directive</c>, <c>policy</c>) are too generic to identify one.
    /// </summary>
    public static readonly JsonNames Markers = new(
        "document-uri", "violated-directive", "effective-directive", "blocked-uri", "original-policy",
        "documentURI", "documentURL", "violatedDirective", "effectiveDirective", "blockedURI", "blockedURL", "document-url",
        "document_uri", "violated_directive", "effective_directive", "blocked_uri", "original_policy");

    public override bool Recognises(JsonMembers report, WireFormat contentType) => report.IndexOfAny(Markers) >= 0;

    public override NormalizedReport Read(JsonMembers report, string raw, ReportKinds kinds)
    {
        var kind = Kind!;
        var values = kind.Read(report);
        return new NormalizedReport
        {
            Type = kind.Slug,
            SourceFormat = SourceFormat,
            Url = values.StringOf(SharedFields.DocumentUrl.Column),
            Body = BodyWriter.Write(report, kind, legacy: values),
            Raw = raw,
            Fields = values.Fields,
        };
    }

    public override NormalizedReport ReadWrapped(JsonMembers inner, string raw, ReportKinds kinds) =>
        Recognises(inner, default)
            ? Read(inner, raw, kinds)
            : UnknownReport.Of(raw, $"The csp-report object has none of the CSP report fields ({inner.DescribeNames()}).");
}
