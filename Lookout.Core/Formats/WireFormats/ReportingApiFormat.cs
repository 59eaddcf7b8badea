using Lookout.Core.Records;
using System.Text;
using System.Text.Json;
using Lookout.Core.Deliveries;
using Lookout.Core.Formats.Json;
using Lookout.Core.Formats.Kinds;
using Lookout.Core.Reports;

namespace Lookout.Core.Formats.WireFormats;

/// <summary>
/// One Reporting API report, <c>{type, age, url, user_agent, body}</c> (Reporting-Endpoints v1 and
/// Report-To v0 deliveries alike), under any Content-Type (Safari posts them as
/// <c>application/csp-report</c>). The body is kept as sent unless its type name is an older one
/// whose body uses older member names; a type no kind declares is kept under its own name.
/// </summary>
public sealed class ReportingApiFormat() : ReportFormat(SourceFormats.ReportingApi, kind: null)
{
    public static readonly ReportingApiFormat Instance = new();

    private static readonly JsonNames TypeName = new("type");
    private static readonly JsonNames BodyName = new("body");
    private static readonly JsonNames UrlName = new("url");
    private static readonly JsonNames UserAgentName = new("user_agent", "userAgent");
    private static readonly JsonNames AgeName = new("age");

    /// <summary>A string <c>type</c> and a <c>body</c> that is an object or null.</summary>
    public override bool Recognises(JsonMembers report, WireFormat contentType)
    {
        var type = report.IndexOfAny(TypeName);
        if (type < 0 || report.KindAt(type) != JsonTokenType.String)
            return false;
        var body = report.IndexOfAny(BodyName);
        return body >= 0 && report.KindAt(body) is JsonTokenType.StartObject or JsonTokenType.Null;
    }

    public override NormalizedReport Read(JsonMembers report, string raw, ReportKinds kinds)
    {
        var typeName = report.StringAt(report.IndexOfAny(TypeName))!;
        ReportKind? kind = null;
        var convertsBody = false;
        if (!kinds.TryResolve(typeName, out kind!, out convertsBody))
        {
            kind = null;
            // A type Lookout does not know yet is kept under its own name, so new browser reports are not lost.
            if (!IsValidSlug(typeName))
                return UnknownReport.Of(raw, $"Reporting API report type '{Shorten(typeName)}' is not a valid type name.");
        }

        using var sentBody = report.ObjectAt(report.IndexOfAny(BodyName));
        var values = sentBody is not null && kind is not null ? kind.Read(sentBody) : null;
        return new NormalizedReport
        {
            Type = kind?.Slug ?? typeName,
            SourceFormat = SourceFormat,
            Url = report.StringAt(report.IndexOfAny(UrlName)),
            UserAgent = report.StringAt(report.IndexOfAny(UserAgentName)),
            AgeMilliseconds = report.CountAt(report.IndexOfAny(AgeName)),
            OccurredAt = convertsBody && sentBody is not null ? kind!.IncidentTime?.ReadDate(sentBody) : null,
            Body = sentBody is null ? "{}"
                : convertsBody ? BodyWriter.Write(sentBody, kind!, legacy: null)
                : Encoding.UTF8.GetString(sentBody.Source.Span),
            Raw = raw,
            Fields = values?.Fields ?? [],
        };
    }

    /// <summary>A type Lookout can store under its own name: a valid slug (<see cref="RecordKeys.IsValidTypeSlug"/>), not <c>unknown</c>.</summary>
    public static bool IsValidSlug(string type) => RecordKeys.IsValidTypeSlug(type) && type != ReportTypes.Unknown;

    private static string Shorten(string text) => text.Length <= 64 ? text : text[..64] + "…";
}
