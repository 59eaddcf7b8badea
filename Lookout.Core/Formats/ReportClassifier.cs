using Lookout.Core.Deliveries;
using Lookout.Core.Formats.Json;
using Lookout.Core.Formats.Kinds;
using Lookout.Core.Formats.WireFormats;
using Lookout.Core.Reports;

namespace Lookout.Core.Formats;

/// <summary>
/// Decides which format reads one report object. Browsers are inconsistent about Content-Type
/// (Safari posts Reporting API objects as <c>application/csp-report</c>, Chromium posted
/// Expect-Staple as <c>application/json</c>), so the object's own shape decides.
/// </summary>
public static class ReportClassifier
{
    /// <summary>
    /// Tried in two passes. First the wrappers, in this order: a wrapper names its format outright.
    /// Then each format's recogniser, in this order: the generic shape before any legacy one (a
    /// Reporting API body may hold legacy member names); HPKP's pins before the CSP members; Expect-Staple
    /// before Expect-CT, whose recogniser also takes anything posted with its Content-Type.
    /// </summary>
    public static readonly IReadOnlyList<ReportFormat> Formats =
    [
        ReportingApiFormat.Instance,
        HpkpFormat.Instance,
        LegacyCspFormat.Instance,
        ExpectStapleFormat.Instance,
        ExpectCtFormat.Instance,
    ];

    public static NormalizedReport Classify(ReadOnlyMemory<byte> reportJson, WireFormat contentType, ReportKinds kinds)
    {
        var raw = System.Text.Encoding.UTF8.GetString(reportJson.Span);
        using var members = JsonMembers.Read(reportJson);

        foreach (var format in Formats)
        {
            if (format.WrapperUtf8 is null)
                continue;
            using var inner = members.ObjectAt(members.IndexOf(format.WrapperUtf8));
            if (inner is not null)
                return format.ReadWrapped(inner, raw, kinds);
        }
        foreach (var format in Formats)
            if (format.Recognises(members, contentType))
                return format.Read(members, raw, kinds);

        return UnknownReport.Of(raw, $"{Describe(contentType)} object matches no known report shape ({members.DescribeNames()}).");
    }

    private static string Describe(WireFormat format) => format switch
    {
        WireFormat.ReportsJson => "An application/reports+json",
        WireFormat.CspReport => "An application/csp-report",
        WireFormat.ExpectCtReport => "An application/expect-ct-report+json",
        _ => "An application/json",
    };
}
