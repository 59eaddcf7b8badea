using System.Text.Json;

namespace Lookout.Functions.Normalize;

/// <summary>
/// The custom-handler face of Normalize: the Functions host POSTs each queue message to
/// <c>/Normalize</c> as <c>{"Data":{"message":…},"Metadata":{…}}</c>. A 200 completes the message; any
/// other status fails the invocation, so the host retries and, after maxDequeueCount, poisons it.
/// </summary>
public static class NormalizeEndpoint
{
    public const string Route = "/Normalize";

    /// <summary>The binding name in Normalize/function.json.</summary>
    public const string BindingName = "message";

    public static void MapNormalize(this IEndpointRouteBuilder app) => app.MapPost(Route, HandleAsync);

    private static async Task HandleAsync(HttpContext context, MessageProcessor processor, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(NormalizeEndpoint).FullName!);
        string? failure;
        try
        {
            using var payload = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted);
            var message = ReadMessage(payload.RootElement);
            await processor.ProcessAsync(message, context.RequestAborted);
            failure = null;
        }
        catch (Exception e) when (e is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
        {
            logger.LogError(e, "Normalize invocation failed");
            failure = e.Message;
        }

        context.Response.StatusCode = failure is null ? StatusCodes.Status200OK : StatusCodes.Status500InternalServerError;
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        writer.WriteStartObject();
        writer.WriteStartObject("Outputs");
        writer.WriteEndObject();
        writer.WriteStartArray("Logs");
        if (failure is not null)
            writer.WriteStringValue(failure);
        writer.WriteEndArray();
        writer.WriteNull("ReturnValue");
        writer.WriteEndObject();
    }

    /// <summary>The envelope bytes inside a host invocation payload.</summary>
    internal static ReadOnlyMemory<byte> ReadMessage(JsonElement payload)
    {
        if (!payload.TryGetProperty("Data", out var data) || data.ValueKind != JsonValueKind.Object)
            throw new InvalidMessageException("Invocation payload has no Data object.");
        if (!data.TryGetProperty(BindingName, out var message))
        {
            // Tolerate a renamed binding: a queue-triggered function has exactly one trigger value.
            using var values = data.EnumerateObject();
            if (!values.MoveNext())
                throw new InvalidMessageException($"Invocation payload has no Data.{BindingName}.");
            message = values.Current.Value;
        }
        return message.ValueKind switch
        {
            JsonValueKind.String => QueueMessageText.Decode(message.GetString()!),
            JsonValueKind.Object => System.Text.Encoding.UTF8.GetBytes(message.GetRawText()),
            _ => throw new InvalidMessageException($"Data.{BindingName} is a JSON {message.ValueKind}."),
        };
    }
}
