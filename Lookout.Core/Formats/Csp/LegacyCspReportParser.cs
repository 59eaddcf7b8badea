using System.Buffers;
using System.Text;
using System.Text.Json;
using Lookout.Core.Formats.Json;
using Lookout.Core.Formats.ReportingApi;
using Lookout.Core.Reports;

namespace Lookout.Core.Formats.Csp;

/// <summary>
/// Legacy CSP <c>report-uri</c> reports: <c>{"csp-report":{…}}</c> or the inner object unwrapped, with the
/// field sets of Chrome, Firefox (no <c>effective-directive</c>; older ones without <c>disposition</c> and
/// <c>status-code</c>), Safari and old WebKit. Converted to the CSP3 Reporting API body names.
/// </summary>
internal static class LegacyCspReportParser
{
    public const string Wrapper = "csp-report";

    /// <summary>Keys that mark an unwrapped legacy report.</summary>
    private static readonly string[] MarkerKeys =
        ["document-uri", "violated-directive", "effective-directive", "blocked-uri", "documentURI", "violatedDirective", "document-url",
         "document_uri", "violated_directive", "blocked_uri"];

    public static bool LooksUnwrapped(JsonObjectView obj)
    {
        foreach (var k in MarkerKeys)
            if (obj.Has(k))
                return true;
        return false;
    }

    public static NormalizedReport Parse(JsonObjectView inner, string raw)
    {
        var fields = new FieldList();
        CspViolationBody.Extract(inner, fields);
        return new NormalizedReport
        {
            Type = ReportTypes.CspViolation,
            SourceFormat = SourceFormats.CspReport,
            Url = inner.String(CspViolationBody.DocumentUrl),
            Body = ConvertBody(inner),
            Raw = raw,
            Fields = fields.Fields,
        };
    }

    /// <summary>Writes the generic CSP3 body: mapped names first, then every other member unchanged.</summary>
    private static string ConvertBody(JsonObjectView inner)
    {
        var buffer = new ArrayBufferWriter<byte>(Math.Max(256, inner.End - inner.Start + 64));
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = false }))
        {
            w.WriteStartObject();
            WriteString(w, "documentURL", inner.String(CspViolationBody.DocumentUrl));
            WriteString(w, "referrer", inner.String(CspViolationBody.Referrer));
            WriteString(w, "blockedURL", inner.String(CspViolationBody.BlockedUrl));
            var violated = inner.String(CspViolationBody.ViolatedDirective);
            WriteString(w, "effectiveDirective", CspViolationBody.EffectiveOf(inner.String(CspViolationBody.EffectiveDirective), violated));
            WriteString(w, "violatedDirective", violated);
            WriteString(w, "originalPolicy", inner.String(CspViolationBody.OriginalPolicy));
            WriteString(w, "sourceFile", inner.String(CspViolationBody.SourceFile));
            WriteString(w, "sample", inner.String(CspViolationBody.Sample));
            var disposition = inner.String(CspViolationBody.Disposition);
            WriteString(w, "disposition", Disposition.Normalize(disposition) ?? disposition);
            if (disposition is not null && Disposition.Normalize(disposition) != disposition)
                WriteString(w, "dispositionRaw", disposition);
            WriteNumber(w, "statusCode", inner.Int64(CspViolationBody.StatusCode));
            WriteNumber(w, "lineNumber", inner.Int64(CspViolationBody.LineNumber));
            WriteNumber(w, "columnNumber", inner.Int64(CspViolationBody.ColumnNumber));
            foreach (var m in inner.Members)
            {
                if (CspViolationBody.KnownNames.Contains(m.Name))
                    continue;
                w.WritePropertyName(m.Name);
                w.WriteRawValue(inner.RawValueBytes(m), skipInputValidation: true);
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteString(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null) w.WriteString(name, value);
    }

    private static void WriteNumber(Utf8JsonWriter w, string name, long? value)
    {
        if (value is long v) w.WriteNumber(name, v);
    }
}
