using System.Globalization;
using System.Text;

namespace Lookout.Benchmarks.Services;

/// <summary>
/// A stand-in for the Queue service that answers Put Message as the service does (201 + the
/// QueueMessagesList XML) without storing anything, so ingest can be measured apart from storage.
/// </summary>
internal static class QueueStandIn
{
    public static WebApplication Build(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        long puts = 0;
        app.Map("/{**path}", async (HttpContext context) =>
        {
            var request = context.Request;
            await request.Body.CopyToAsync(Stream.Null);
            context.Response.Headers["x-ms-request-id"] = Guid.NewGuid().ToString();
            context.Response.Headers["x-ms-version"] = "2020-12-06";
            if (request.Method == "POST" && request.Path.Value!.EndsWith("/messages", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref puts);
                var now = DateTimeOffset.UtcNow;
                context.Response.StatusCode = 201;
                context.Response.ContentType = "application/xml";
                await context.Response.WriteAsync(PutMessageAnswer(now));
                return;
            }
            if (request.Path.Value == "/__puts")
            {
                await context.Response.WriteAsync(Interlocked.Read(ref puts).ToString(CultureInfo.InvariantCulture));
                return;
            }
            // Create queue / metadata: the service answers 201/204/200 without a body.
            context.Response.StatusCode = request.Method == "PUT" ? 201 : 200;
        });
        return app;
    }

    private static string PutMessageAnswer(DateTimeOffset now)
    {
        var inserted = now.ToString("R", CultureInfo.InvariantCulture);
        return new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?><QueueMessagesList><QueueMessage>")
            .Append("<MessageId>").Append(Guid.NewGuid()).Append("</MessageId>")
            .Append("<InsertionTime>").Append(inserted).Append("</InsertionTime>")
            .Append("<ExpirationTime>").Append(now.AddDays(7).ToString("R", CultureInfo.InvariantCulture)).Append("</ExpirationTime>")
            .Append("<PopReceipt>AgAAAAMAAAAAAAAA</PopReceipt>")
            .Append("<TimeNextVisible>").Append(inserted).Append("</TimeNextVisible>")
            .Append("</QueueMessage></QueueMessagesList>")
            .ToString();
    }
}
