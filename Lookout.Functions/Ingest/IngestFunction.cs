using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lookout.Functions.Ingest;

/// <summary>
/// <c>POST /api/reports</c> and its CORS preflight: reads the body within the size limit and hands it to
/// <see cref="DeliveryIngestor"/>, which answers 204 only once the delivery is in the queue.
/// </summary>
public sealed class IngestFunction(DeliveryIngestor ingestor, CorsPolicy cors, IOptions<LookoutOptions> options, ILogger<IngestFunction> logger)
{
    public const string Name = "Ingest";
    public const string Route = Routes.Reports;

    [Function(Name)]
    public async Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", "options", Route = Route)] HttpRequest request)
    {
        if (HttpMethods.IsOptions(request.Method))
            return cors.Preflight(request.HttpContext);

        var context = request.HttpContext;
        var origin = request.Headers.Origin.ToString();
        if (!cors.MayPost(origin))
            return CorsPolicy.Forbidden(origin);
        cors.AddAllowOrigin(context, origin);
        var settings = options.Value;
        var limit = settings.MaxBodyBytes;
        if (request.ContentLength > limit)
            return Refuse(IngestResult.TooLarge(TooLarge(limit)), settings);

        var sizeFeature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false })
            sizeFeature.MaxRequestBodySize = limit + 1L;

        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(limit + 1L, Math.Max(request.ContentLength ?? 16 * 1024, 1024)));
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > limit)
                        return Refuse(IngestResult.TooLarge(TooLarge(limit)), settings);
                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, limit + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                var read = await request.Body.ReadAsync(buffer.AsMemory(length), context.RequestAborted);
                if (read == 0)
                    break;
                length += read;
                if (length > limit)
                    return Refuse(IngestResult.TooLarge(TooLarge(limit)), settings);
            }

            var site = request.Query["site"].ToString();
            var result = await ingestor.IngestAsync(
                request.ContentType, buffer.AsMemory(0, length), request.Headers.UserAgent.ToString() is { Length: > 0 } ua ? ua : null,
                site.Length > 0 ? site : null, context.RequestAborted);
            return result.StatusCode == StatusCodes.Status204NoContent ? Results.NoContent() : Refuse(result, settings);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Refuse(IngestResult.TooLarge(TooLarge(limit)), settings);
        }
        catch (Exception e) when (e is BadHttpRequestException or IOException)
        {
            // Broken framing (a malformed or overflowing chunk size, a body shorter than Content-Length, a client
            // gone mid-body) is the client's fault: a 400 and one line in the log, not a 500 with a stack trace.
            // Kestrel reports an overflowing chunk size as an IOException, the other framing errors as
            // BadHttpRequestException.
            logger.LogInformation("Unreadable request body: {Reason}", e.Message);
            return Refuse(IngestResult.BadRequest($"The request body could not be read: {Echo.Cap(e.Message)}"), settings);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static string TooLarge(int limit) => $"The body is larger than {limit} bytes.";

    private static IResult Refuse(IngestResult result, LookoutOptions options) =>
        result.StatusCode == StatusCodes.Status503ServiceUnavailable
            ? new RetryAfterResult(result.Reason!, options.RetryAfterSeconds)
            : Results.Text(result.Reason, "text/plain; charset=utf-8", statusCode: result.StatusCode);

    private sealed class RetryAfterResult(string reason, int seconds) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            httpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            httpContext.Response.ContentType = "text/plain; charset=utf-8";
            return httpContext.Response.WriteAsync(reason);
        }
    }
}
