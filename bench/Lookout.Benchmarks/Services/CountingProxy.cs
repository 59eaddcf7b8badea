using System.Collections.Concurrent;
using System.Net.Http.Headers;

namespace Lookout.Benchmarks.Services;

/// <summary>
/// A reverse proxy in front of one Azurite service that counts the requests passing through it by
/// operation (queue put/get/delete/update, table batch/upsert/query, other), to measure storage
/// transactions per report exactly as the service would bill them.
/// </summary>
internal sealed class CountingProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Proxy-Connection", "Host", "Content-Length",
    };

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, long> _counts = new();

    private CountingProxy(WebApplication app) => _app = app;

    public int Port { get; private init; }

    public static async Task<CountingProxy> StartAsync(int targetPort)
    {
        var port = FreePorts.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var proxy = new CountingProxy(app) { Port = port };
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, UseProxy = false, AllowAutoRedirect = false });
        app.Map("/{**path}", (HttpContext context) => proxy.ForwardAsync(context, http, targetPort));
        await app.StartAsync();
        return proxy;
    }

    public IReadOnlyDictionary<string, long> Snapshot() => new Dictionary<string, long>(_counts);

    public void Reset() => _counts.Clear();

    private async Task ForwardAsync(HttpContext context, HttpClient http, int targetPort)
    {
        var request = context.Request;
        _counts.AddOrUpdate(Classify(request.Method, request.Path.Value ?? "", request.QueryString.Value ?? ""), 1, (_, n) => n + 1);

        using var forward = new HttpRequestMessage(new HttpMethod(request.Method),
            new Uri($"http://127.0.0.1:{targetPort}{request.Path}{request.QueryString}"));
        if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            body.Position = 0;
            forward.Content = new StreamContent(body);
        }
        foreach (var header in request.Headers)
        {
            if (HopHeaders.Contains(header.Key)) continue;
            if (!forward.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray()))
                forward.Content?.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray());
        }

        using var answer = await http.SendAsync(forward, HttpCompletionOption.ResponseHeadersRead);
        context.Response.StatusCode = (int)answer.StatusCode;
        Copy(answer.Headers, context.Response.Headers);
        Copy(answer.Content.Headers, context.Response.Headers);
        await answer.Content.CopyToAsync(context.Response.Body);
    }

    private static void Copy(HttpHeaders from, IHeaderDictionary to)
    {
        foreach (var header in from)
            if (!HopHeaders.Contains(header.Key))
                to[header.Key] = header.Value.ToArray();
    }

    internal static string Classify(string method, string path, string query)
    {
        if (path.Contains("/messages", StringComparison.Ordinal))
        {
            var withId = !path.EndsWith("/messages", StringComparison.Ordinal);
            return (method, withId) switch
            {
                ("POST", false) => "queue put",
                ("GET", false) when query.Contains("peekonly=true", StringComparison.OrdinalIgnoreCase) => "queue peek",
                ("GET", false) => "queue get",
                ("DELETE", true) => "queue delete",
                ("PUT", true) => "queue update",
                _ => "queue other",
            };
        }
        if (path.EndsWith("/$batch", StringComparison.Ordinal))
            return "table batch";
        if (path.Contains("(PartitionKey=", StringComparison.Ordinal) && method is "PUT" or "MERGE" or "PATCH")
            return "table upsert";
        if (method == "GET" && !path.EndsWith("/Tables", StringComparison.Ordinal))
            return "table query";
        return "other";
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
