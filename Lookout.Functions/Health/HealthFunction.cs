using System.Text.Json;
using Azure.Storage.Queues;
using Lookout.Functions.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Lookout.Functions.Health;

/// <summary>
/// <c>GET /api/health</c>: 200 when the raw queue and the table answer, else 503 with what failed. The JSON
/// also gives the approximate depth of the raw and poison queues. Poison messages do not make health 503:
/// Lookout still accepts and stores reports; they are a signal to alert on and to replay once the cause is
/// fixed (<c>replay-poison</c>, README "Reliability").
/// </summary>
public sealed class HealthFunction(StorageClients storage)
{
    public const string Name = "Health";
    public const string Route = Routes.Health;

    /// <summary>A probe answers within this, whatever storage does (load balancers give up soon).</summary>
    internal static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    [Function(Name)]
    public async Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Route)] HttpRequest request)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(request.HttpContext.RequestAborted);
        timeout.CancelAfter(ProbeTimeout);
        var queue = ProbeAsync(() => DepthAsync(storage.IngestQueue, timeout.Token));
        var poison = ProbeAsync(() => DepthAsync(storage.QuickPoisonQueue, timeout.Token));
        var table = ProbeAsync(async () => await storage.TableExistsAsync(storage.QuickTables, timeout.Token) ? 0 : null);
        var results = new Probe[] { await queue, await poison, await table };
        return new HealthResult(results[0].Ok && results[2].Ok,
            [("queue", storage.IngestQueue.Name, results[0]), ("poison", storage.QuickPoisonQueue.Name, results[1]), ("table", storage.Table.Name, results[2])]);
    }

    /// <summary>Approximate message count, or null when the queue does not exist.</summary>
    private static async Task<long?> DepthAsync(QueueClient queue, CancellationToken cancellationToken)
    {
        try
        {
            return (await queue.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCountLong;
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    private readonly record struct Probe(bool Ok, string Status, long? Count);

    private static async Task<Probe> ProbeAsync(Func<Task<long?>> probe)
    {
        try
        {
            // WaitAsync: the bound holds even where an SDK call does not observe its token promptly.
            var count = await probe().WaitAsync(ProbeTimeout);
            return count is null ? new Probe(false, "missing", null) : new Probe(true, "ok", count);
        }
        catch (Exception e)
        {
            return new Probe(false, e is Azure.RequestFailedException { Status: > 0 } r ? $"error {r.Status} {r.ErrorCode}" : "unreachable", null);
        }
    }

    private sealed class HealthResult(bool healthy, (string Key, string Name, Probe Probe)[] parts) : IResult
    {
        public async Task ExecuteAsync(HttpContext context)
        {
            context.Response.StatusCode = healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
            context.Response.ContentType = "application/json";
            context.Response.Headers.CacheControl = "no-store";
            await using var writer = new Utf8JsonWriter(context.Response.Body);
            writer.WriteStartObject();
            writer.WriteString("status", healthy ? "healthy" : "unhealthy");
            foreach (var (key, name, probe) in parts)
            {
                writer.WriteStartObject(key);
                writer.WriteString("name", name);
                writer.WriteString("status", probe.Status);
                if (key != "table" && probe.Count is { } count)
                    writer.WriteNumber("approximateMessages", count);
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }
    }
}
