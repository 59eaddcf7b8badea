using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lookout.Tests.Scripts;

/// <summary>
/// A user's site that pastes the headers run-local.sh printed, verbatim, into its responses: HTTP, or
/// HTTPS with the run's own certificate. <c>/page/&lt;token&gt;</c> loads an image from another origin
/// (the same server as <c>localhost</c>: <c>default-src 'self'</c> does not cover it) and a script that
/// makes a synchronous XHR (deprecation) and fetches <c>/missing-&lt;token&gt;</c> (a 404, for NEL).
/// </summary>
public sealed class HeaderPageSite : IAsyncDisposable
{
    private static readonly byte[] Gif = Convert.FromBase64String("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");
    private readonly WebApplication _app;

    private HeaderPageSite(WebApplication app, Uri origin)
    {
        _app = app;
        Origin = origin;
    }

    public Uri Origin { get; }

    /// <summary>The same server under the host name localhost: another origin.</summary>
    public Uri OtherOrigin => new($"{Origin.Scheme}://localhost:{Origin.Port}");

    public Uri PageUrl(string token) => new(Origin, $"/page/{token}");

    public static async Task<HeaderPageSite> StartAsync(IReadOnlyList<KeyValuePair<string, string>> headers, X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (certificate is not null) builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (certificate is not null) listen.UseHttps(certificate);
        }));
        var app = builder.Build();
        app.MapGet("/page/{token}", (string token, HttpContext context) =>
        {
            foreach (var (name, value) in headers)
                context.Response.Headers.Append(name, value);
            var other = $"{context.Request.Scheme}://localhost:{context.Request.Host.Port}";
            return Results.Content(
                $"<!doctype html><html><head><title>{token}</title></head><body>" +
                $"<img src=\"{other}/img.gif?{token}\" alt=\"\"><script src=\"/t.js?{token}\"></script></body></html>",
                "text/html; charset=utf-8");
        });
        app.MapGet("/t.js", (HttpContext context) => Results.Text(
            "var x=new XMLHttpRequest();x.open('GET','/img.gif',false);x.send();" +
            $"fetch('/missing-{context.Request.QueryString.Value?.TrimStart('?')}').catch(function(){{}});",
            "text/javascript"));
        app.MapGet("/img.gif", () => Results.Bytes(Gif, "image/gif"));
        app.MapGet("/favicon.ico", () => Results.Bytes(Gif, "image/gif"));
        await app.StartAsync();
        var port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        return new HeaderPageSite(app, new Uri($"{(certificate is null ? "http" : "https")}://127.0.0.1:{port}"));
    }

    /// <summary>run-local.sh's certificate (cert.pem, key.pem in its state dir), usable by Kestrel.</summary>
    public static X509Certificate2 LoadCertificate(string stateDir)
    {
        using var pem = X509Certificate2.CreateFromPemFile(Path.Combine(stateDir, "cert.pem"), Path.Combine(stateDir, "key.pem"));
        // Through PKCS#12 so that SslStream can use the private key on every platform.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
