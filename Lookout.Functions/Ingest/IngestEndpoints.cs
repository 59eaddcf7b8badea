using System.Buffers;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Lookout.Functions.Ingest;

/// <summary><c>POST /api/reports</c> and its CORS preflight: the HTTP face of <see cref="DeliveryIngestor"/>.</summary>
public static class IngestEndpoints
{
    public const string Route = "/api/reports";

    public static void MapIngest(this IEndpointRouteBuilder app)
    {
        app.MapPost(Route, PostAsync);
        app.MapMethods(Route, [HttpMethods.Options], (HttpContext context, CorsPolicy cors) => cors.Preflight(context));
    }

    private static async Task<IResult> PostAsync(HttpContext context, DeliveryIngestor ingestor, CorsPolicy cors, IOptions<LookoutOptions> options)
    {
        var request = context.Request;
        cors.AddAllowOrigin(context, request.Headers.Origin);
        var limit = options.Value.MaxBodyBytes;
        if (request.ContentLength > limit)
            return Refuse(new IngestResult(StatusCodes.Status413PayloadTooLarge, TooLarge(limit)), options.Value);

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
                        return Refuse(new IngestResult(StatusCodes.Status413PayloadTooLarge, TooLarge(limit)), options.Value);
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
                    return Refuse(new IngestResult(StatusCodes.Status413PayloadTooLarge, TooLarge(limit)), options.Value);
            }

            var site = request.Query["site"].ToString();
            var result = await ingestor.IngestAsync(
                request.ContentType, buffer.AsMemory(0, length), request.Headers.UserAgent.ToString() is { Length: > 0 } ua ? ua : null,
                site.Length > 0 ? site : null, context.RequestAborted);
            return result.StatusCode == StatusCodes.Status204NoContent ? Results.NoContent() : Refuse(result, options.Value);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Refuse(new IngestResult(StatusCodes.Status413PayloadTooLarge, TooLarge(limit)), options.Value);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static string TooLarge(int limit) => $"The body is larger than {limit} bytes.";

    private static IResult Refuse(IngestResult result, LookoutOptions options)
    {
        if (result.StatusCode == StatusCodes.Status503ServiceUnavailable)
            return new RetryAfterResult(result.Reason!, options.RetryAfterSeconds);
        return Results.Text(result.Reason, "text/plain; charset=utf-8", statusCode: result.StatusCode);
    }

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
