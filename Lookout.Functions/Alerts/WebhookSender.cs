using System.Net;
using System.Net.Http.Headers;
using Lookout.Core.Alerts;

namespace Lookout.Functions.Alerts;

/// <summary>
/// Posts an alert's payload to its target. A plain <see cref="HttpClient"/> rather than one from
/// IHttpClientFactory: the factory's handlers log every request URI, and a webhook URL is a secret.
/// Failures are described by status or error kind only, never by the exception message (it can hold the host).
/// </summary>
public sealed class WebhookSender(HttpClient http)
{
    public const string IdempotencyHeader = "Idempotency-Key";

    public async Task<WebhookResult> PostAsync(AlertTarget target, Alert alert, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(AlertPayloads.Build(alert, target.Format));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        using var request = new HttpRequestMessage(HttpMethod.Post, target.Url) { Content = content };
        request.Headers.TryAddWithoutValidation(IdempotencyHeader, alert.Key);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return new WebhookResult(response.IsSuccessStatusCode, Permanent(response.StatusCode), $"HTTP {(int)response.StatusCode}");
        }
        catch (HttpRequestException e)
        {
            return new WebhookResult(false, false, $"{e.HttpRequestError}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new WebhookResult(false, false, "timeout");
        }
    }

    /// <summary>Answers no retry can change: the request itself is refused (not 408 Request Timeout or 429 Too Many Requests).</summary>
    private static bool Permanent(HttpStatusCode status) =>
        (int)status is >= 400 and < 500 && status is not (HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests);
}

/// <param name="Delivered">2xx.</param>
/// <param name="Permanent">A 4xx that retrying cannot fix.</param>
/// <param name="Outcome">Status or error kind, for logs (never the URL).</param>
public readonly record struct WebhookResult(bool Delivered, bool Permanent, string Outcome);
