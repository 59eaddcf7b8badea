using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Lookout.Tests.Browser;

/// <summary>
/// The test site: one HTTPS page per <see cref="BrowserCase"/> on one origin, plus a second origin
/// serving an image without CORP (for COEP). The collector is a parameter: every page reports to
/// <c>&lt;collector&gt;?site=&lt;case id&gt;</c>, so the same pages target the capture endpoint or
/// a real Lookout (<c>https://127.0.0.1:&lt;port&gt;/api/reports</c>).
/// </summary>
public sealed class ReportSite : IAsyncDisposable
{
    // A 1×1 transparent GIF.
    private static readonly byte[] Gif = Convert.FromBase64String("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

    private readonly Uri _collector;
    private readonly object _gate = new();
    private readonly Dictionary<string, TaskCompletionSource> _loaded = [];
    private WebApplication? _app;
    private WebApplication? _crossApp;

    private ReportSite(Uri collector) => _collector = collector;

    public Uri Origin { get; private set; } = null!;
    public Uri CrossOrigin { get; private set; } = null!;

    public Uri PageUrl(string caseId) => new(Origin, $"/case/{caseId}");

    /// <summary>The report URL a case's page declares: the collector URL with <c>site=&lt;case&gt;</c> added.</summary>
    public static string EndpointFor(Uri collector, string caseId)
    {
        var url = collector.AbsoluteUri;
        return url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "site=" + Uri.EscapeDataString(caseId);
    }

    public static async Task<ReportSite> StartAsync(TestCertificate certificate, Uri collector)
    {
        var site = new ReportSite(collector);
        (site._crossApp, site.CrossOrigin) = await HttpsServer.StartAsync(certificate.Certificate, app =>
            app.MapGet("/img.gif", () => Results.Bytes(Gif, "image/gif")));
        (site._app, site.Origin) = await HttpsServer.StartAsync(certificate.Certificate, site.Map);
        return site;
    }

    private void Map(WebApplication app)
    {
        app.MapGet("/case/{id}", (string id, HttpContext context) =>
        {
            var c = BrowserCases.All.SingleOrDefault(x => x.Id == id);
            if (c is null) return Results.NotFound();
            foreach (var (name, value) in c.Headers(EndpointFor(_collector, id)))
                context.Response.Headers[name] = value;
            var markup = c.Markup.Replace("{CROSS}", CrossOrigin.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal);
            return Results.Content($"<!doctype html><html><head><title>{id}</title></head><body><p>{System.Net.WebUtility.HtmlEncode(c.Description)}</p>{markup}</body></html>", "text/html; charset=utf-8");
        });
        app.MapGet("/coop/{id}", (string id, HttpContext context) =>
        {
            var c = BrowserCases.All.SingleOrDefault(x => x.Id == id);
            if (c?.OpenTarget is null) return Results.NotFound();
            foreach (var (name, value) in c.Headers(EndpointFor(_collector, id)))
                context.Response.Headers[name] = value;
            context.Response.Headers[c.OpenTarget] = "same-origin; report-to=\"coop\"";
            return Results.Content($"<!doctype html><html><head><title>{id} popup</title></head><body>popup</body></html>", "text/html; charset=utf-8");
        });
        app.MapGet("/loaded/{id}", (string id) =>
        {
            Loaded(id).TrySetResult();
            return Results.NoContent();
        });
        app.MapGet("/img.gif", () => Results.Bytes(Gif, "image/gif"));
        app.MapGet("/ping", () => Results.Text("pong"));
    }

    private TaskCompletionSource Loaded(string id)
    {
        lock (_gate)
        {
            if (!_loaded.TryGetValue(id, out var tcs))
                _loaded[id] = tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return tcs;
        }
    }

    /// <summary>Completes when a page fetched <c>/loaded/&lt;id&gt;</c> (its load event fired).</summary>
    public Task WaitForLoadedAsync(string caseId, TimeSpan timeout) => Loaded(caseId).Task.WaitAsync(timeout);

    /// <summary>Forgets a load signal so a case can run again.</summary>
    public void Reset(string caseId)
    {
        lock (_gate) _loaded.Remove(caseId);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in new[] { _app, _crossApp })
        {
            if (app is null) continue;
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
