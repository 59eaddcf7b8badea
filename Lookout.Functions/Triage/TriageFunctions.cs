using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Azure.Data.Tables;
using Lookout.Core.Records;
using Lookout.Core.Triage;
using Lookout.Functions.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Lookout.Functions.Triage;

/// <summary>
/// Triage over HTTP: <c>POST /api/triage</c> sets an issue's state (write key required, see
/// <see cref="WriteAuthorization"/>); <c>GET /api/read/triage</c> lists the triaged issues (read key), which
/// the dashboard joins to its issue lists. The POST route is anonymous at the host because the function
/// checks its own, separate key: a function key that reads must not write.
/// </summary>
public sealed class TriageFunctions(TriageStore store, RuntimeNoiseRules noiseRules, StorageClients storage, WriteAuthorization writers, TimeProvider time)
{
    public const string SetName = "Triage";
    public const string ListName = "ReadTriage";
    public const string SetRulesName = "TriageRules";
    public const string RulesName = "ReadTriageRules";
    private const int MaxBodyBytes = 4096;
    private const int MaxRulesBytes = 32 * 1024;

    /// <summary>Body <c>{"type":"csp-violation","fingerprint":"…","state":"open|resolved|muted|ignored"}</c>; answers the stored state.</summary>
    [Function(SetName)]
    public async Task<IResult> SetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.Triage)] HttpRequest request)
    {
        var (body, problem) = await WriteRequestAsync(request, MaxBodyBytes, TriageJsonContext.Default.TriageRequest);
        if (problem is not null)
            return problem;
        if (body?.Type is not { } type || !RecordKeys.IsValidTypeSlug(type))
            return Problem(StatusCodes.Status400BadRequest, "'type' must be a report type such as csp-violation.");
        if (body.Fingerprint is not { Length: > 0 and <= 64 } fingerprint || !fingerprint.All(char.IsAsciiLetterOrDigit))
            return Problem(StatusCodes.Status400BadRequest, "'fingerprint' must be up to 64 letters or digits.");
        if (!IssueStates.TryParse(body.State, out var state))
            return Problem(StatusCodes.Status400BadRequest, "'state' must be open, resolved, muted or ignored.");
        var cancel = request.HttpContext.RequestAborted;
        var baseline = state == IssueState.Ignored ? await CountTodayAsync(type, fingerprint, cancel) : 0;
        var stored = await store.SetAsync(type, fingerprint, state, baseline, cancel);
        return Results.Json(TriageItem.Of(stored), TriageJsonContext.Default.TriageItem);
    }

    /// <summary>Body <c>{"rules":"name: flag when field op value; …"}</c> (write key): replaces the noise rules edited at
    /// run time after checking them like <c>Lookout__NoiseRules</c> (400 naming the bad rule); Normalize applies them within a minute.</summary>
    [Function(SetRulesName)]
    public async Task<IResult> SetRulesAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.TriageRules)] HttpRequest request)
    {
        var (body, problem) = await WriteRequestAsync(request, MaxRulesBytes, TriageJsonContext.Default.RulesRequest);
        if (problem is not null)
            return problem;
        try
        {
            await noiseRules.SetAsync(body?.Rules ?? "", request.HttpContext.RequestAborted);
        }
        catch (NoiseRuleException e)
        {
            return Problem(StatusCodes.Status400BadRequest, e.Message);
        }
        return await RulesAsync(request);
    }

    /// <summary>The configured noise rules (read-only) and the ones edited at run time.</summary>
    [Function(RulesName)]
    public async Task<IResult> RulesAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.ReadTriageRules)] HttpRequest request)
    {
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        var runtime = await noiseRules.TextAsync(request.HttpContext.RequestAborted);
        return Results.Json(new RulesResult(noiseRules.Configured, runtime), TriageJsonContext.Default.RulesResult);
    }

    /// <summary>Every triaged issue; issues not listed are open.</summary>
    [Function(ListName)]
    public async Task<IResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.ReadTriage)] HttpRequest request)
    {
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        var all = await store.AllAsync(request.HttpContext.RequestAborted);
        var items = all.OrderBy(t => t.Type, StringComparer.Ordinal).ThenBy(t => t.Fingerprint, StringComparer.Ordinal).Select(TriageItem.Of).ToArray();
        return Results.Json(new TriageList(items), TriageJsonContext.Default.TriageList);
    }

    /// <summary>The issue's count today: the baseline an ignored issue must exceed k-fold to escalate.</summary>
    private async Task<long> CountTodayAsync(string type, string fingerprint, CancellationToken cancel)
    {
        var day = UtcDay.Today(time).ToString();
        var found = await storage.Issues.GetEntityIfExistsAsync<TableEntity>(day, type + "_" + fingerprint, [DigestColumns.Count], cancel);
        return found.HasValue ? found.Value!.GetInt64(DigestColumns.Count) ?? 0 : 0;
    }

    /// <summary>What every write checks first: the write key, then a JSON body of at most <paramref name="maxBytes"/>
    /// (counted as it is read, so a chunked body cannot exceed it). A problem is the answer to give instead.</summary>
    private async Task<(T? Body, IResult? Problem)> WriteRequestAsync<T>(HttpRequest request, int maxBytes, JsonTypeInfo<T> type) where T : class
    {
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        if (writers.Refusal(request.HttpContext) is { } refusal)
            return (null, refusal);
        if (request.ContentType?.Split(';')[0].Trim().Equals("application/json", StringComparison.OrdinalIgnoreCase) != true)
            return (null, Problem(StatusCodes.Status415UnsupportedMediaType, "Send application/json."));
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > maxBytes)
                return (null, Problem(StatusCodes.Status413PayloadTooLarge, $"The body may have at most {maxBytes} bytes."));
            buffer.Write(chunk, 0, read);
        }
        try
        {
            return (JsonSerializer.Deserialize(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), type), null);
        }
        catch (JsonException e)
        {
            return (null, Problem(StatusCodes.Status400BadRequest, "The body is not valid JSON: " + e.Message));
        }
    }

    private static IResult Problem(int status, string reason) =>
        Results.Json(new Read.ReadError(reason), Read.ReadJsonContext.Default.ReadError, statusCode: status);
}

public sealed record TriageRequest(string? Type, string? Fingerprint, string? State);

public sealed record TriageItem(string Type, string Fingerprint, string State, DateTimeOffset ChangedAt, long CountWhenIgnored)
{
    public static TriageItem Of(IssueTriage t) => new(t.Type, t.Fingerprint, IssueStates.Name(t.State), t.ChangedAt, t.CountWhenIgnored);
}

public sealed record TriageList(TriageItem[] Items);

public sealed record RulesRequest(string? Rules);

public sealed record RulesResult(string Configured, string Runtime);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(TriageRequest))]
[JsonSerializable(typeof(TriageItem))]
[JsonSerializable(typeof(TriageList))]
[JsonSerializable(typeof(RulesRequest))]
[JsonSerializable(typeof(RulesResult))]
internal sealed partial class TriageJsonContext : JsonSerializerContext;
