using System.Globalization;
using Lookout.Core.Formats.Json;
using Lookout.Core.Reports;

namespace Lookout.Core.Formats.Hpkp;

/// <summary>Members shared by HPKP (RFC 7469 §3), Expect-CT (RFC 9163) and Expect-Staple reports.</summary>
internal static class CertificateReportFields
{
    public static void Extract(JsonObjectView r, FieldList fields) => fields
        .Add("Hostname", r.String("hostname"))
        .Add("Port", r.Int64("port"))
        .Add("EffectiveExpirationDate", r.DateTime("effective-expiration-date"))
        .Add("IncludeSubdomains", r.Boolean("include-subdomains"))
        .Add("NotedHostname", r.String("noted-hostname"));

    /// <summary><c>https://hostname[:port]/</c>: the origin the report is about.</summary>
    public static string? OriginUrl(JsonObjectView r)
    {
        var host = r.String("hostname")?.Trim();
        if (string.IsNullOrEmpty(host) || host.AsSpan().IndexOfAny(" /?#@\\") >= 0)
            return null;
        var port = r.Int64("port");
        return port is long p and not 443 and > 0 and < 65536
            ? string.Create(CultureInfo.InvariantCulture, $"https://{host}:{p}/")
            : $"https://{host}/";
    }

    public static NormalizedReport Build(string type, string sourceFormat, JsonObjectView inner, string raw, FieldList fields) => new()
    {
        Type = type,
        SourceFormat = sourceFormat,
        Url = OriginUrl(inner),
        OccurredAt = inner.DateTime("date-time"),
        Body = inner.RawText,
        Raw = raw,
        Fields = fields.Fields,
    };
}
