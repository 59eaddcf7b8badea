using Lookout.Core.Formats.Json;
using Lookout.Core.Formats.ReportingApi;
using Lookout.Core.Reports;

namespace Lookout.Core.Formats.Csp;

/// <summary>
/// <c>application/csp-report</c> (CSP2 <c>report-uri</c>): <c>{"csp-report":{…}}</c>, or the bare
/// object some browsers send, converted to a <c>csp-violation</c> in the Reporting API shape.
/// </summary>
public static class LegacyCspParser
{
    public static readonly byte[] WrapperName = "csp-report"u8.ToArray();

    private static readonly HashSet<string> Numeric = new(StringComparer.Ordinal) { "statusCode", "lineNumber", "columnNumber" };

    private static readonly Dictionary<string, string> GenericNames = new(StringComparer.Ordinal)
    {
        ["document-uri"] = "documentURL", ["documentURI"] = "documentURL", ["document-url"] = "documentURL",
        ["blocked-uri"] = "blockedURL", ["blockedURI"] = "blockedURL", ["blocked-url"] = "blockedURL",
        ["script-sample"] = "sample", ["status-code"] = "statusCode",
    };

    /// <summary>The other CSP2 members, renamed to camelCase; members outside the spec keep their names.</summary>
    private static readonly HashSet<string> LegacyNames = new(StringComparer.Ordinal)
    {
        "referrer", "violated-directive", "effective-directive", "original-policy", "disposition",
        "source-file", "line-number", "column-number",
    };

    public static bool Recognises(JsonMembers members) => members.IndexOfAny(CspViolationFields.Markers) >= 0;

    public static NormalizedReport Parse(JsonMembers report, string raw)
    {
        var fields = new FieldCollector(report);
        CspViolationFields.Collect(fields);
        var effective = fields.StringOf("EffectiveDirective");
        var body = BodyWriter.Write(report, GenericName, Numeric,
            replace: name => name == "disposition" ? Disposition.Normalize(report.StringAt(report.IndexOfAny(CommonNames.Disposition))) : null,
            extra: effective is null ? null : [("effectiveDirective", effective)]);
        return new NormalizedReport
        {
            Type = ReportTypes.CspViolation,
            SourceFormat = SourceFormats.CspReport,
            Url = report.StringAt(report.IndexOfAny(CommonNames.DocumentUrl)),
            Body = body,
            Raw = raw,
            Fields = fields.Fields,
        };
    }

    private static string GenericName(string name)
    {
        var kebab = name.Replace('_', '-'); // some collectors re-serialise the report in snake_case
        if (GenericNames.TryGetValue(kebab, out var generic))
            return generic;
        return LegacyNames.Contains(kebab) ? BodyWriter.CamelCase(kebab) : name;
    }
}
