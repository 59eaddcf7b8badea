using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace Lookout.Functions.Dashboard;

/// <summary>What the dashboard's set-up page shows: the report URL this deployment serves and the headers that work for it.</summary>
/// <param name="Source"><c>setting</c> (<c>Lookout__PublicReportUrl</c>) or <c>request</c> (derived from the address the read API was called at).</param>
public sealed record SetupInfo(string ReportUrl, string Mode, string Source, SiteHeader[] Headers, string Reason);

/// <summary>
/// <c>GET /api/read/setup</c> (key required, like the rest of the read API). The report URL comes from
/// <c>Lookout__PublicReportUrl</c>, which run-local.sh and the Bicep set to the URL browsers really reach (a page
/// opened over HTTP on a run that also serves HTTPS must still hand out the HTTPS headers); without it, from the
/// request's own scheme and host.
/// </summary>
public sealed class SetupFunction(IOptions<LookoutOptions> options)
{
    public const string Name = "ReadSetup";
    [Function(Name)]
    public Task<IResult> SetupAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.ReadSetup)] HttpRequest request)
    {
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        var configured = options.Value.PublicReportUrl;
        var (url, source) = string.IsNullOrEmpty(configured) ? (FromRequest(request), "request") : (new Uri(configured), "setting");
        var mode = SiteHeaders.ModeOf(url);
        var info = new SetupInfo(url.AbsoluteUri, JsonNamingPolicy.KebabCaseLower.ConvertName(mode.ToString()), source,
            [.. SiteHeaders.For(url)], SiteHeaders.Reason(mode));
        return Task.FromResult(Results.Json(info, SetupJsonContext.Default.SetupInfo));
    }

    /// <summary>The ingest route beside this one: <c>…/read/setup</c> becomes <c>…/reports</c>, whatever the host's route prefix.</summary>
    private static Uri FromRequest(HttpRequest request)
    {
        var path = request.Path.Value ?? "/";
        var prefix = path.EndsWith("/" + Routes.ReadSetup, StringComparison.Ordinal) ? path[..^Routes.ReadSetup.Length] : $"/{Routes.Prefix}/";
        return new Uri($"{request.Scheme}://{request.Host}{prefix}{Routes.Reports}");
    }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(SetupInfo))]
public sealed partial class SetupJsonContext : JsonSerializerContext;
