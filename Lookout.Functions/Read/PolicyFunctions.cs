using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Lookout.Core.Policy;
using Lookout.Functions.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Lookout.Functions.Read;

/// <summary>
/// Policy advice on the read API (docs/policy.md): the CSP policies reports carried, with reports, noise and the
/// ready-to-enforce verdict, and one policy's suggestions. Read from the digest's per-policy counts and the
/// policy texts, never from report rows.
/// </summary>
public sealed class PolicyFunctions(StorageClients storage, TimeProvider time, PageTokens tokens)
{
    public const string PoliciesName = "ReadPolicies";
    public const string PolicyName = "ReadPolicy";

    /// <summary>Policies seen in a range (<c>from</c>, <c>to</c>: default the last 7 days), most reported first: <c>pageSize</c>, <c>token</c>.</summary>
    [Function(PoliciesName)]
    public Task<IResult> PoliciesAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.ReadPolicies)] HttpRequest request) => ReadFunctions.AnswerAsync(request, time, async p =>
    {
        var (from, to) = p.Range(PolicyAdvice.ReadyAfterDays);
        var size = p.PageSize();
        var query = $"policies|{ReadParameters.Format(from)}|{ReadParameters.Format(to)}";
        var token = tokens.Decode(p.Text("token"), query);
        var offset = token is not { } resume ? 0
            : resume.Day is null && int.TryParse(resume.Continuation, NumberStyles.None, CultureInfo.InvariantCulture, out var at) ? at
            : throw PageTokens.Invalid();
        var days = await PolicyRange.ReadAsync(storage.Issues, from, to, withReach: false, request.HttpContext.RequestAborted);
        var items = PolicyRange.Policies(days).Values.Select(s => PolicyRange.Item(s, days)).Where(i => i.Reports > 0)
            .OrderByDescending(i => i.Reports).ThenBy(i => i.Id, StringComparer.Ordinal).ToList();
        var next = offset + size < items.Count ? tokens.Encode(new PageToken(null, (offset + size).ToString(CultureInfo.InvariantCulture)), query) : null;
        return Results.Json(new PolicyPage(ReadParameters.Format(from), ReadParameters.Format(to), [.. items.Skip(offset).Take(size)], next),
            ReadJsonContext.Default.PolicyPage);
    });

    /// <summary>One policy (<c>id</c>, required) over <c>from</c>..<c>to</c>: its text, suggestions per directive, the suggested text, the verdict.</summary>
    [Function(PolicyName)]
    public Task<IResult> PolicyAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.ReadPolicy)] HttpRequest request) => ReadFunctions.AnswerAsync(request, time, async p =>
    {
        var id = p.Text("id") ?? throw new BadParameterException("'id' is required (a policy id from /api/read/policies).");
        if (!PolicyTallies.IsId(id))
            throw new BadParameterException($"'id' must be a policy id (16 lower-case hex digits), not \"{ReadParameters.Shorten(id)}\".");
        var (from, to) = p.Range(PolicyAdvice.ReadyAfterDays);
        var cancel = request.HttpContext.RequestAborted;
        var text = TextAsync(id, cancel);
        var days = await PolicyRange.ReadAsync(storage.Issues, from, to, withReach: true, cancel);
        var stored = await text;
        var seen = PolicyRange.Policies(days).GetValueOrDefault(id);
        if (seen is null && stored is null)
            return Results.Json(new ReadError("No such policy: no report carried it in this range, and its text is not stored."),
                ReadJsonContext.Default.ReadError, statusCode: StatusCodes.Status404NotFound);
        var item = PolicyRange.Item(seen ?? new PolicyRange.Seen(id, days.Count), days);
        var suggestions = seen is null ? [] : PolicyRange.Suggestions(id, days);
        var credible = suggestions.Where(s => s.Credible).Select(s => s.Reach.Suggestion).ToList();
        // A cut text would come back cut; no suggested text is better than a wrong one.
        var suggested = stored is { Cut: false } && credible.Any(s => s.Source is not null) ? PolicyAdvice.Apply(stored.Value.Text, credible) : null;
        var detail = new PolicyDetail(ReadParameters.Format(from), ReadParameters.Format(to), item, stored?.Text, stored?.Cut ?? false,
            [.. suggestions.Select(s => new SuggestionItem(s.Reach.Suggestion.Directive, s.Reach.Suggestion.Source, s.Reach.Suggestion.Warning,
                s.Reach.Reports, s.Reach.NoiseReports, Math.Round(s.Reach.NoiseShare, 4), s.Reach.Pages, s.Reach.Sites, s.Reach.Clients, s.Credible, [.. s.Issues]))],
            suggested, new AdviceThresholds(PolicyAdvice.MinPages, PolicyAdvice.MinClients, PolicyAdvice.MaxNoiseShare, PolicyAdvice.ReadyAfterDays));
        return Results.Json(detail, ReadJsonContext.Default.PolicyDetail);
    });

    private async Task<(string Text, bool Cut)?> TextAsync(string id, CancellationToken cancel)
    {
        try
        {
            var found = await storage.Issues.GetEntityIfExistsAsync<TableEntity>(PolicyColumns.Partition, id,
                [PolicyColumns.Text, PolicyColumns.TextCut], cancel);
            return found.HasValue && found.Value!.GetString(PolicyColumns.Text) is { } text ? (text, found.Value.GetBoolean(PolicyColumns.TextCut) ?? false) : null;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null; // no table yet
        }
    }
}
