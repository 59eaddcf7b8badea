using System.Collections.Concurrent;
using System.Text.Json;
using Lookout.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Lookout.Tests.Alerts;

/// <summary>
/// A webhook endpoint on loopback (real Kestrel, real HTTP): records every POST with its path, body and
/// idempotency key, and answers 500 while <see cref="Failing"/> is set, else 200.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Received> _received = new();

    private WebhookReceiver(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    /// <summary>While true every post is answered 500 (and recorded as failed).</summary>
    public volatile bool Failing;

    public IReadOnlyList<Received> All => [.. _received];

    /// <summary>Posts answered 200, on <paramref name="path"/> (e.g. "/json").</summary>
    public IReadOnlyList<Received> Delivered(string path) => _received.Where(r => r.Status == 200 && r.Path == path).ToList();

    public Uri Url(string path) => new(BaseUrl, path);

    public static async Task<WebhookReceiver> StartAsync()
    {
        var port = FreePorts.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, new Uri($"http://127.0.0.1:{port}"));
        app.MapPost("/{**path}", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var text = await reader.ReadToEndAsync();
            var status = receiver.Failing ? 500 : 200;
            receiver._received.Enqueue(new Received("/" + context.Request.RouteValues["path"], context.Request.Headers["Idempotency-Key"].ToString(),
                context.Request.ContentType ?? "", JsonDocument.Parse(text).RootElement.Clone(), status, DateTimeOffset.UtcNow));
            return Results.StatusCode(status);
        });
        await app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

public sealed record Received(string Path, string Key, string ContentType, JsonElement Body, int Status, DateTimeOffset At)
{
    /// <summary>The alert's rule as each format carries it.</summary>
    public string Rule => Body.TryGetProperty("rule", out var rule) ? rule.GetString()! : "";

    public string Text => Body.GetRawText();
}
