using System.Text.Json;
using Lookout.Functions.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Lookout.Functions.Health;

/// <summary><c>GET /api/health</c>: 200 when the queue and the table answer, else 503 with what failed.</summary>
public sealed class HealthFunction(StorageClients storage)
{
    public const string Name = "Health";
    public const string Route = "health";

    /// <summary>A probe answers within this, whatever storage does (load balancers give up soon).</summary>
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(3);

    [Function(Name)]
    public async Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Route)] HttpRequest request)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(request.HttpContext.RequestAborted);
        timeout.CancelAfter(ProbeTimeout);
        var queue = ProbeAsync(async () => (await storage.IngestQueue.ExistsAsync(timeout.Token)).Value);
        var table = ProbeAsync(() => storage.TableExistsAsync(storage.QuickTables, timeout.Token));
        var (queueOk, queueStatus) = await queue;
        var (tableOk, tableStatus) = await table;
        return new HealthResult(queueOk && tableOk, storage.IngestQueue.Name, queueStatus, storage.Table.Name, tableStatus);
    }

    private static async Task<(bool Ok, string Status)> ProbeAsync(Func<Task<bool>> exists)
    {
        try
        {
            return await exists() ? (true, "ok") : (false, "missing");
        }
        catch (Exception e)
        {
            return (false, e is Azure.RequestFailedException { Status: > 0 } r ? $"error {r.Status} {r.ErrorCode}" : "unreachable");
        }
    }

    private sealed class HealthResult(bool healthy, string queue, string queueStatus, string table, string tableStatus) : IResult
    {
        public async Task ExecuteAsync(HttpContext context)
        {
            context.Response.StatusCode = healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
            context.Response.ContentType = "application/json";
            context.Response.Headers.CacheControl = "no-store";
            await using var writer = new Utf8JsonWriter(context.Response.Body);
            writer.WriteStartObject();
            writer.WriteString("status", healthy ? "healthy" : "unhealthy");
            writer.WriteStartObject("queue");
            writer.WriteString("name", queue);
            writer.WriteString("status", queueStatus);
            writer.WriteEndObject();
            writer.WriteStartObject("table");
            writer.WriteString("name", table);
            writer.WriteString("status", tableStatus);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
    }
}
