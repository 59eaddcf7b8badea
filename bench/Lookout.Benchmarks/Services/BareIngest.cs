using Azure.Storage.Queues;

namespace Lookout.Benchmarks.Services;

/// <summary>
/// The ingest baseline: a bare Kestrel endpoint that reads the body, sends it with the same Azure SDK
/// queue client (base64) to the same Queue stand-in, and answers 204. No validation, envelope or CORS:
/// what is left is the floor of "accept a report and queue it" with the SDK Lookout uses.
/// </summary>
internal static class BareIngest
{
    public static WebApplication Build(int port, string storageConnectionString)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var queue = new QueueClient(storageConnectionString, "lookout-raw", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        app.MapPost("/api/reports", async (HttpRequest request) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            try
            {
                await queue.SendMessageAsync(new BinaryData(buffer.GetBuffer().AsMemory(0, (int)buffer.Length)));
                return Results.NoContent();
            }
            catch (Azure.RequestFailedException)
            {
                return Results.StatusCode(503);
            }
        });
        return app;
    }
}
