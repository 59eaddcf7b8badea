using System.Buffers;
using System.Text;

namespace Lookout.Benchmarks.Services;

/// <summary>
/// The ingest baseline: a bare Kestrel endpoint that reads the body, puts it base64-encoded on the
/// same Queue stand-in with one plain HTTP call, and answers 204. No validation, envelope, signing
/// or retry policy: what is left is the floor of "accept a report and queue it".
/// </summary>
internal static class BareIngest
{
    public static WebApplication Build(int port, Uri queueMessagesUrl)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 });
        app.MapPost("/api/reports", async (HttpRequest request) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            var text = $"<QueueMessage><MessageText>{Convert.ToBase64String(buffer.GetBuffer(), 0, (int)buffer.Length)}</MessageText></QueueMessage>";
            using var content = new StringContent(text, Encoding.UTF8, "application/xml");
            using var response = await http.PostAsync(queueMessagesUrl, content);
            return response.IsSuccessStatusCode ? Results.NoContent() : Results.StatusCode(503);
        });
        return app;
    }
}
