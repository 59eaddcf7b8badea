using Microsoft.AspNetCore.Http;

namespace Lookout.Functions.Ingest;

/// <summary>How Ingest answers a delivery: a status code and, for refusals, a short reason.</summary>
public readonly record struct IngestResult(int StatusCode, string? Reason = null)
{
    public static IngestResult Accepted() => new(StatusCodes.Status204NoContent);
    public static IngestResult BadRequest(string reason) => new(StatusCodes.Status400BadRequest, reason);
    public static IngestResult TooLarge(string reason) => new(StatusCodes.Status413PayloadTooLarge, reason);
    public static IngestResult UnsupportedMediaType(string reason) => new(StatusCodes.Status415UnsupportedMediaType, reason);
    public static IngestResult Unavailable(string reason) => new(StatusCodes.Status503ServiceUnavailable, reason);
}
