using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;

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
    private readonly ConcurrentDictionary<string, PartitionLoad> _partitions = new();

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

    /// <summary>Per table partition (<c>table/PartitionKey</c>) or queue (<c>queue/name</c>): requests and entities written.</summary>
    public IReadOnlyDictionary<string, PartitionLoad> Partitions() => new Dictionary<string, PartitionLoad>(_partitions);

    public void Reset()
    {
        _counts.Clear();
        _partitions.Clear();
    }

    /// <summary>Requests, entities (or messages) and entity group transactions refused for a conflict (409/412), per partition.</summary>
    public sealed class PartitionLoad
    {
        public long Requests;
        public long Entities;
        public long Batches;
        public long ConflictedBatches;
    }

    private async Task ForwardAsync(HttpContext context, HttpClient http, int targetPort)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "";
        var kind = Classify(request.Method, path, request.QueryString.Value ?? "");
        _counts.AddOrUpdate(kind, 1, (_, n) => n + 1);

        using var forward = new HttpRequestMessage(new HttpMethod(request.Method),
            new Uri($"http://127.0.0.1:{targetPort}{request.Path}{request.QueryString}"));
        var body = new MemoryStream();
        if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            await request.Body.CopyToAsync(body);
            body.Position = 0;
            forward.Content = new StreamContent(body);
        }
        var partition = PartitionOf(kind, path, body);
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
        if (partition is { } p && kind == "table batch")
        {
            // A refused entity group transaction answers 202 with the failing operation's status inside.
            var reply = await answer.Content.ReadAsByteArrayAsync();
            var text = Encoding.UTF8.GetString(reply);
            if (text.Contains("HTTP/1.1 409", StringComparison.Ordinal) || text.Contains("HTTP/1.1 412", StringComparison.Ordinal))
                Interlocked.Increment(ref p.ConflictedBatches);
            await context.Response.Body.WriteAsync(reply);
            return;
        }
        await answer.Content.CopyToAsync(context.Response.Body);
    }

    private static readonly Regex KeyInUrl = new(@"/(\w+)\(PartitionKey='([^']*)'", RegexOptions.Compiled);
    private static readonly Regex TableInUrl = new(@"/devstoreaccount1/(\w+)[ ?]", RegexOptions.Compiled);
    private static readonly Regex KeyInJson = new("\"PartitionKey\"\\s*:\\s*\"([^\"]*)\"", RegexOptions.Compiled);

    /// <summary>Tallies the request against the partition (or queue) it writes; null for reads and other requests.</summary>
    private PartitionLoad? PartitionOf(string kind, string path, MemoryStream body)
    {
        string? key = null;
        long entities = 0;
        if (kind is "queue put" or "queue delete")
        {
            var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
            key = "queue/" + segments[Array.IndexOf(segments, "messages") - 1];
            entities = kind == "queue put" ? 1 : 0;
        }
        else if (kind is "table batch" or "table upsert" || (kind == "other" && body.Length > 0 && !path.EndsWith("/Tables", StringComparison.Ordinal)))
        {
            var text = Encoding.UTF8.GetString(body.GetBuffer(), 0, (int)body.Length);
            var inUrl = KeyInUrl.Match(Uri.UnescapeDataString(path) + "\n" + text);
            if (inUrl.Success)
                key = inUrl.Groups[1].Value + "/" + inUrl.Groups[2].Value;
            else if (KeyInJson.Match(text) is { Success: true } json)
            {
                var table = TableInUrl.Match(text) is { Success: true } inner ? inner.Groups[1].Value : path.Split('/', StringSplitOptions.RemoveEmptyEntries)[^1];
                key = table + "/" + json.Groups[1].Value;
            }
            entities = kind == "table batch" ? Math.Max(1, Regex.Count(text, "Content-Type: application/http")) : 1;
        }
        if (key is null)
            return null;
        var load = _partitions.GetOrAdd(key, _ => new PartitionLoad());
        Interlocked.Increment(ref load.Requests);
        Interlocked.Add(ref load.Entities, entities);
        if (kind == "table batch")
            Interlocked.Increment(ref load.Batches);
        return load;
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
