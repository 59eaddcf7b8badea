using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Lookout.Tests.Browser;

/// <summary>One <c>report-uri</c> report as Chromium posted it.</summary>
public sealed record CspReportSeen(string EffectiveDirective, string BlockedUri, string Sample, string DocumentUri, string OriginalPolicy);

/// <summary>
/// The matrix on one plain-HTTP server (report-uri needs no HTTPS and no preflight): <c>/matrix</c> opens every
/// case's page in its own iframe, a few at a time; <c>/case/{id}</c> serves the case with its policy and
/// <c>report-uri /r?c={id}</c>; <c>/r</c> records reports; <c>/redirect?to=</c> answers 302. When every case page
/// has loaded, the matrix page opens <c>/barrier</c>, whose own report arrives after all earlier ones were sent.
/// </summary>
public sealed class PolicyMatrixSite : IAsyncDisposable
{
    public const string Barrier = "barrier";
    private const int Concurrent = 16;

    private readonly object _gate = new();
    private readonly Dictionary<string, List<CspReportSeen>> _reports = [];
    private readonly TaskCompletionSource _barrier = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Dictionary<string, PolicyCase> _cases = [];
    private WebApplication? _app;

    public int Port { get; private set; }
    public Uri MatrixUrl => new($"http://{PolicyMatrixCases.PageHost}:{Port}/matrix");
    public IReadOnlyList<PolicyCase> Cases { get; private set; } = [];

    public string PageUrl(PolicyCase c) => $"http://{PolicyMatrixCases.PageHost}:{Port}/case/{c.Id}";

    /// <summary>The policy a case's page sends: the case's policy plus the report-uri that names the case.</summary>
    public static string Served(PolicyCase c) => (c.Policy.Length > 0 ? c.Policy + "; " : "") + "report-uri /r?c=" + c.Id;

    /// <summary>Chromium flags: the page host resolves to the server, every other name fails without a network lookup.</summary>
    public string[] BrowserArguments => [$"--host-resolver-rules=MAP {PolicyMatrixCases.PageHost} 127.0.0.1, MAP * ~NOTFOUND"];

    public static async Task<PolicyMatrixSite> StartAsync()
    {
        var site = new PolicyMatrixSite();
        (site._app, var origin) = await HttpsServer.StartAsync(null, site.Map);
        site.Port = origin.Port;
        site.Cases = PolicyMatrixCases.Build(site.Port);
        site._cases = site.Cases.ToDictionary(c => c.Id);
        return site;
    }

    public IReadOnlyList<CspReportSeen> ReportsFor(string id)
    {
        lock (_gate) return _reports.TryGetValue(id, out var list) ? [.. list] : [];
    }

    public Task WaitForBarrierAsync(TimeSpan timeout) => _barrier.Task.WaitAsync(timeout);

    private void Map(WebApplication app)
    {
        app.MapGet("/matrix", () => Results.Content(MatrixPage(), "text/html; charset=utf-8"));
        app.MapGet("/case/{id}", (string id, HttpContext context) =>
        {
            if (!_cases.TryGetValue(id, out var c)) return Results.NotFound();
            context.Response.Headers.ContentSecurityPolicy = Served(c);
            return Results.Content($"<!doctype html><html><head><title>{id}</title></head><body {c.BodyAttributes}>{c.Markup}</body></html>", "text/html; charset=utf-8");
        });
        app.MapGet("/barrier", (HttpContext context) =>
        {
            context.Response.Headers.ContentSecurityPolicy = $"img-src 'none'; report-uri /r?c={Barrier}";
            return Results.Content("<!doctype html><img src=\"/x.png\">", "text/html; charset=utf-8");
        });
        app.MapGet("/redirect", (string to) => Results.Redirect(to));
        app.MapPost("/r", async (HttpContext context) =>
        {
            var id = context.Request.Query["c"].ToString();
            using var doc = await JsonDocument.ParseAsync(context.Request.Body);
            var r = doc.RootElement.GetProperty("csp-report");
            string Text(string name) => r.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
            var seen = new CspReportSeen(Text("effective-directive"), Text("blocked-uri"), Text("script-sample"), Text("document-uri"), Text("original-policy"));
            lock (_gate)
            {
                if (!_reports.TryGetValue(id, out var list)) _reports[id] = list = [];
                list.Add(seen);
            }
            if (id == Barrier) _barrier.TrySetResult();
            return Results.NoContent();
        });
    }

    private string MatrixPage()
    {
        var ids = JsonSerializer.Serialize(Cases.Select(c => c.Id));
        var script = new StringBuilder()
            .Append("const ids=").Append(ids).Append(";let next=0,loaded=0;")
            .Append("function open(src,done){const f=document.createElement('iframe');f.width=8;f.height=8;let once=false;")
            .Append("f.onload=()=>{if(!once){once=true;done();}};f.src=src;document.body.appendChild(f);}")
            .Append("function start(){if(next>=ids.length)return;open('/case/'+ids[next++],()=>{loaded++;")
            .Append("if(loaded===ids.length)open('/barrier',()=>0);else start();});}")
            .Append("for(let i=0;i<").Append(Concurrent).Append(";i++)start();");
        return $"<!doctype html><html><head><title>matrix</title></head><body><script>{script}</script></body></html>";
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is null) return;
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
