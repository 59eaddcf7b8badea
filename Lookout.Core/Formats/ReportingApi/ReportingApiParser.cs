using Lookout.Core.Formats.Json;
using Lookout.Core.Reports;

namespace Lookout.Core.Formats.ReportingApi;

/// <summary>
/// One Reporting API report, <c>{type, age, url, user_agent, body}</c> (Reporting-Endpoints v1 and
/// Report-To v0 deliveries alike): the body is already generic, so it is kept as sent unless it is
/// a draft spelling that needs converting.
/// </summary>
public static class ReportingApiParser
{
    public static readonly JsonNames TypeName = new("type");
    public static readonly JsonNames BodyName = new("body");
    private static readonly JsonNames UrlName = new("url");
    private static readonly JsonNames UserAgentName = new("user_agent", "userAgent");
    private static readonly JsonNames AgeName = new("age");
    private static readonly JsonMembers EmptyBody = JsonMembers.Read("{}"u8.ToArray());
    private static readonly HashSet<string> DraftNumeric = new(StringComparer.Ordinal)
    {
        "statusCode", "lineNumber", "columnNumber", "status_code", "elapsed_time", "port",
    };

    /// <summary>A generic report: a string <c>type</c> and a <c>body</c> that is an object or null.</summary>
    public static bool Recognises(JsonMembers members)
    {
        var type = members.IndexOfAny(TypeName);
        if (type < 0 || members.KindAt(type) != System.Text.Json.JsonTokenType.String)
            return false;
        var body = members.IndexOfAny(BodyName);
        return body >= 0 && members.KindAt(body) is System.Text.Json.JsonTokenType.StartObject or System.Text.Json.JsonTokenType.Null;
    }

    public static NormalizedReport Parse(JsonMembers report, string raw)
    {
        var typeName = report.StringAt(report.IndexOfAny(TypeName))!;
        var info = ReportTypeCatalog.Resolve(typeName);
        if (info is null)
            return UnknownReport.Of(raw, $"Reporting API report type '{Shorten(typeName)}' is not a valid type name.");

        var bodyIndex = report.IndexOfAny(BodyName);
        using var parsedBody = report.ObjectAt(bodyIndex);
        var body = parsedBody ?? EmptyBody;
        var fields = new FieldCollector(body);
        info.CollectFields?.Invoke(fields);
        return new NormalizedReport
        {
            Type = info.Slug,
            SourceFormat = SourceFormats.ReportingApi,
            Url = report.StringAt(report.IndexOfAny(UrlName)),
            UserAgent = report.StringAt(report.IndexOfAny(UserAgentName)),
            AgeMilliseconds = report.CountAt(report.IndexOfAny(AgeName)),
            OccurredAt = info.DraftRename is null ? null : body.DateTimeAt(body.IndexOfAny(Tls.TlsReportFields.DateTime)),
            Body = info.DraftRename is { } rename
                ? BodyWriter.Write(body, rename, DraftNumeric)
                : body == EmptyBody ? "{}" : System.Text.Encoding.UTF8.GetString(body.Source.Span),
            Raw = raw,
            Fields = fields.Fields,
        };
    }

    internal static string Shorten(string text) => text.Length <= 64 ? text : text[..64] + "…";
}
