using System.Text.Json;
using Lookout.Functions.Storage;

namespace Lookout.Functions.Health;

/// <summary><c>GET /api/health</c>: 200 when the queue and the table answer, else 503 with what failed.</summary>
public static class HealthEndpoint
{
    public const string Route = "/api/health";

    public static void MapHealth(this IEndpointRouteBuilder app) => app.MapGet(Route, async (HttpContext context, StorageClients storage) =>
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        var queue = ProbeAsync(() => storage.IngestQueue.ExistsAsync(timeout.Token));
        var table = ProbeAsync(() => storage.Table.ExistsAsync(timeout.Token));
        var (queueOk, queueStatus) = await queue;
        var (tableOk, tableStatus) = await table;

        context.Response.StatusCode = queueOk && tableOk ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        writer.WriteStartObject();
        writer.WriteString("status", queueOk && tableOk ? "healthy" : "unhealthy");
        writer.WriteStartObject("queue");
        writer.WriteString("name", storage.IngestQueue.Name);
        writer.WriteString("status", queueStatus);
        writer.WriteEndObject();
        writer.WriteStartObject("table");
        writer.WriteString("name", storage.Table.Name);
        writer.WriteString("status", tableStatus);
        writer.WriteEndObject();
        writer.WriteEndObject();
    });

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
}
