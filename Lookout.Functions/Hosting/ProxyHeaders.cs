using Microsoft.AspNetCore.Http;

namespace Lookout.Functions.Hosting;

/// <summary>
/// Headers a reverse proxy adds (de facto and RFC 7239): their presence means a loopback peer is only the proxy,
/// so key-less loopback access (reads standalone, triage writes) is refused for such a request.
/// </summary>
public static class ProxyHeaders
{
    public static readonly string[] All = ["Forwarded", "X-Forwarded-For", "X-Forwarded-Host", "X-Real-IP"];

    /// <summary>The first proxy header the request carries, or null.</summary>
    public static string? FirstIn(IHeaderDictionary headers) => All.FirstOrDefault(headers.ContainsKey);
}
