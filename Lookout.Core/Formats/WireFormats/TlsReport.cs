using Lookout.Core.Formats.Json;
using Lookout.Core.Formats.Kinds;
using Lookout.Core.Reports;

namespace Lookout.Core.Formats.WireFormats;

/// <summary>What the HPKP, Expect-CT and Expect-Staple formats read the same way.</summary>
internal static class TlsReport
{
    /// <summary>The report as its kind (the kind's slug is also the wire format's name).</summary>
    public static NormalizedReport Read(ReportKind kind, JsonMembers report, string raw)
    {
        var values = kind.Read(report);
        return new NormalizedReport
        {
            Type = kind.Slug,
            SourceFormat = kind.Slug,
            Url = SiteUrl(values),
            OccurredAt = kind.IncidentTime?.ReadDate(report),
            Body = BodyWriter.Write(report, kind, legacy: values),
            Raw = raw,
            Fields = values.Fields,
        };
    }

    /// <summary>
    /// These reports name a host, not a document: <c>https://hostname[:port]/</c> stands in for the
    /// report's url so that every type can be queried by site. The default port is left out.
    /// </summary>
    private static string? SiteUrl(FieldValues values)
    {
        var host = values.StringOf(TlsFields.Hostname.Column)?.Trim('[', ']');
        var hostType = string.IsNullOrWhiteSpace(host) ? UriHostNameType.Unknown : Uri.CheckHostName(host);
        if (hostType == UriHostNameType.Unknown)
            return null;
        var authority = hostType == UriHostNameType.IPv6 ? $"[{host}]" : host;
        var port = values.Int64Of(TlsFields.Port.Column) is long p and > 0 and <= 65535 and not 443 ? $":{p}" : "";
        return Uri.TryCreate($"https://{authority}{port}/", UriKind.Absolute, out var url) ? url.AbsoluteUri : null;
    }
}
