using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Lookout.Core.Records;
using Lookout.Functions.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Lookout.Functions.Read;

/// <summary>
/// The read API (<c>GET /api/read/…</c>, JSON, function key required): issues and counts from the digest
/// table, report rows from the reports table. Issue lists and counts never scan report rows; report lists
/// read one partition (<c>type_day</c>). Lists are paged with continuation tokens (<see cref="PageToken"/>).
/// </summary>
public sealed class ReadFunctions(StorageClients storage, TimeProvider time)
{
    public const string IssuesName = "ReadIssues";
    public const string TopName = "ReadTopIssues";
    public const string CountsName = "ReadCounts";
    public const string ReportsName = "ReadReports";
    public const string ReportName = "ReadReport";

    /// <summary>Table round trips one page may take when filters drop most entities; the caller then continues with the token.</summary>
    private const int MaxCallsPerPage = 25;

    private static readonly string[] SummaryColumns =
        ["PartitionKey", "RowKey", RowColumns.Type, RowColumns.ReceivedAt, RowColumns.Url, RowColumns.Site, RowColumns.Title, RowColumns.Fingerprint, RowColumns.Noise];

    /// <summary>Issues of a day range, newest day first (within a day by type and fingerprint).
    /// <c>from</c>, <c>to</c> (default the last 7 days), <c>type</c>, <c>fingerprint</c> (one issue, with <c>type</c>), <c>site</c>, <c>noise</c> (hide|only|all, default hide), <c>pageSize</c>, <c>token</c>.</summary>
    [Function(IssuesName)]
    public Task<IResult> IssuesAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.ReadIssues)] HttpRequest request) => AnswerAsync(request, async p =>
    {
        var (from, to) = p.Range(7);
        var type = p.Type();
        var fingerprint = p.Fingerprint();
        if (fingerprint is not null && type is null)
            throw new BadParameterException("'fingerprint' needs 'type' too (an issue is a type and a fingerprint).");
        var site = p.Site();
        var noise = p.Noise(NoiseFilter.Hide);
        var size = p.PageSize();
        var query = $"issues|{Day(from)}|{Day(to)}|{type}|{fingerprint}|{site}|{noise}";
        var token = PageToken.Decode(p.Text("token"), query);
        var day = token?.Day is { } resume ? UtcDay.Parse(resume).Date : to;
        var continuation = token?.Continuation;
        var items = new List<IssueItem>();
        for (var calls = 0; day >= from; calls++)
        {
            if (items.Count >= size || calls == MaxCallsPerPage)
                return Json(new IssuePage([.. items], new PageToken(Day(day), continuation).Encode(query)), ReadJsonContext.Default.IssuePage);
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Day(day)}");
            if (fingerprint is not null)
                filter += " and " + TableClient.CreateQueryFilter($"RowKey eq {type + "_" + fingerprint}");
            else if (type is not null)
                // RowKeys are "<type>_<fingerprint>": the ones of a type sort between "<type>_" and "<type>`" ('`' follows '_').
                filter += " and " + TableClient.CreateQueryFilter($"RowKey ge {type + "_"} and RowKey lt {type + "`"}");
            var page = await FirstPageAsync(storage.Issues, filter, null, size - items.Count, continuation, request.HttpContext.RequestAborted);
            items.AddRange(page.Values.Where(e => Keeps(e, site, noise)).Select(ToIssue));
            continuation = page.ContinuationToken;
            if (continuation is null)
                day = day.AddDays(-1);
        }
        return Json(new IssuePage([.. items], null), ReadJsonContext.Default.IssuePage);
    });

    /// <summary>The issues of one day (<c>day</c>, default today) with the highest counts, each with its counts on the 6 days before.
    /// <c>type</c>, <c>site</c>, <c>noise</c> (default hide), <c>limit</c> (1-50, default 10).</summary>
    [Function(TopName)]
    public Task<IResult> TopAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.ReadTop)] HttpRequest request) => AnswerAsync(request, async p =>
    {
        var day = p.Day("day", ReadParameters.Today(time));
        var type = p.Type();
        var site = p.Site();
        var noise = p.Noise(NoiseFilter.Hide);
        var limit = p.Int("limit", 10, 1, 50);
        var cancel = request.HttpContext.RequestAborted;
        // One digest partition holds one entity per issue of the day: small by design, so read it whole and rank.
        var kept = (await ReadPartitionAsync(storage.Issues, Day(day), null, cancel))
            .Where(e => (type is null || e.GetString(DigestColumns.Type) == type) && Keeps(e, site, noise)).ToList();
        var top = kept.OrderByDescending(e => e.GetInt64(DigestColumns.Count) ?? 0).ThenBy(e => e.RowKey, StringComparer.Ordinal)
            .Take(limit).ToList();
        var items = await Task.WhenAll(top.Select(async e => ToIssue(e) with { Trend = await TrendAsync(e.RowKey, day, e.GetInt64(DigestColumns.Count) ?? 0, cancel) }));
        return Json(new TopIssues(Day(day), kept.Sum(e => e.GetInt64(DigestColumns.Count) ?? 0), items), ReadJsonContext.Default.TopIssues);
    });

    /// <summary>Reports per type per day from the digest (never from report rows): <c>from</c>, <c>to</c> (default the last 14 days), <c>noise</c> (default hide).</summary>
    [Function(CountsName)]
    public Task<IResult> CountsAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.ReadCounts)] HttpRequest request) => AnswerAsync(request, async p =>
    {
        var (from, to) = p.Range(14);
        var noise = p.Noise(NoiseFilter.Hide);
        var cancel = request.HttpContext.RequestAborted;
        var days = Enumerable.Range(0, to.DayNumber - from.DayNumber + 1).Select(from.AddDays).ToList();
        var counted = new DayCounts[days.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, days.Count), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancel }, async (i, ct) =>
        {
            var counts = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var e in await ReadPartitionAsync(storage.Issues, Day(days[i]), [DigestColumns.Type, DigestColumns.Count, DigestColumns.Noise], ct))
            {
                if (!ReadParameters.Keeps(noise, e.GetString(RowColumns.Noise)) || e.GetString(DigestColumns.Type) is not { } type)
                    continue;
                counts[type] = counts.GetValueOrDefault(type) + (e.GetInt64(DigestColumns.Count) ?? 0);
            }
            counted[i] = new DayCounts(Day(days[i]), counts.Values.Sum(), counts);
        });
        var types = counted.SelectMany(d => d.Counts.Keys).Distinct().Order(StringComparer.Ordinal).ToArray();
        return Json(new CountsResult(Day(from), Day(to), types, counted), ReadJsonContext.Default.CountsResult);
    });

    /// <summary>Report rows of one type and UTC day, newest first: <c>type</c> (required), <c>day</c> (default today),
    /// <c>fingerprint</c> (one issue), <c>site</c>, <c>noise</c> (default all), <c>pageSize</c>, <c>token</c>.</summary>
    [Function(ReportsName)]
    public Task<IResult> ReportsAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.ReadReports)] HttpRequest request) => AnswerAsync(request, async p =>
    {
        var type = p.Type() ?? throw new BadParameterException("'type' is required (a report type such as csp-violation).");
        var day = p.Day("day", ReadParameters.Today(time));
        var fingerprint = p.Fingerprint();
        var site = p.Site();
        var noise = p.Noise(NoiseFilter.All);
        var size = p.PageSize();
        var partition = type + "_" + Day(day);
        var query = $"reports|{partition}|{fingerprint}|{site}|{noise}";
        var continuation = PageToken.Decode(p.Text("token"), query)?.Continuation;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition}");
        if (fingerprint is not null)
            filter += " and " + TableClient.CreateQueryFilter($"Fingerprint eq {fingerprint}");
        if (site is not null)
            filter += " and " + TableClient.CreateQueryFilter($"Site eq {site}");
        var items = new List<ReportSummary>();
        for (var calls = 0; ; calls++)
        {
            if (items.Count >= size || calls == MaxCallsPerPage)
                return Json(new ReportPage([.. items], new PageToken(null, continuation).Encode(query)), ReadJsonContext.Default.ReportPage);
            var page = await FirstPageAsync(storage.Table, filter, SummaryColumns, size - items.Count, continuation, request.HttpContext.RequestAborted);
            items.AddRange(page.Values.Where(e => ReadParameters.Keeps(noise, e.GetString(RowColumns.Noise))).Select(ToSummary));
            continuation = page.ContinuationToken;
            if (continuation is null)
                return Json(new ReportPage([.. items], null), ReadJsonContext.Default.ReportPage);
        }
    });

    /// <summary>One report row by <c>pk</c> and <c>rk</c>, with its Body and Raw joined from their parts.</summary>
    [Function(ReportName)]
    public Task<IResult> ReportAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.ReadReport)] HttpRequest request) => AnswerAsync(request, async p =>
    {
        var pk = p.Text("pk") ?? throw new BadParameterException("'pk' is required (a report's PartitionKey, type_yyyy-MM-dd).");
        var rk = p.Text("rk") ?? throw new BadParameterException("'rk' is required (a report's RowKey).");
        var split = pk.LastIndexOf('_');
        if (split <= 0 || !RecordKeys.IsValidTypeSlug(pk[..split])
            || !UtcDay.TryParse(pk[(split + 1)..], out _))
            throw new BadParameterException($"'pk' must be a report PartitionKey (type_yyyy-MM-dd), not \"{ReadParameters.Shorten(pk)}\".");
        if (rk.Length is < 21 or > 200 || !rk[..19].All(char.IsAsciiDigit) || rk[19] != '_'
            || !rk.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            throw new BadParameterException($"'rk' must be a report RowKey (19 digits, '_', envelope id, '_', index), not \"{ReadParameters.Shorten(rk)}\".");
        NullableResponse<TableEntity> found;
        try
        {
            found = await storage.Table.GetEntityIfExistsAsync<TableEntity>(pk, rk, cancellationToken: request.HttpContext.RequestAborted);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            found = null!;
        }
        if (found is not { HasValue: true })
            return Results.Json(new ReadError("No such report: it may have been deleted by retention."), ReadJsonContext.Default.ReadError, statusCode: StatusCodes.Status404NotFound);
        var entity = found.Value!;
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in entity)
            if (!IsSummaryOrSystem(name) && value is not null)
                fields[name] = Text(value);
        var detail = new ReportDetail(ToSummary(entity), entity.GetString(RowColumns.UserAgent), entity.GetDateTimeOffset(RowColumns.IncidentAt),
            entity.GetString(RowColumns.SourceFormat), fields,
            ReportRecordBuilder.ReadLong(entity.GetString, RowColumns.Body), ReportRecordBuilder.ReadLong(entity.GetString, RowColumns.Raw));
        return Json(detail, ReadJsonContext.Default.ReportDetail);
    });

    private async Task<IResult> AnswerAsync(HttpRequest request, Func<ReadParameters, Task<IResult>> read)
    {
        // Reads show live data: no shared caches, and not in the browser's back-forward cache after sign-out.
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        try
        {
            return await read(new ReadParameters(request.Query, ReadParameters.Today(time)));
        }
        catch (BadParameterException e)
        {
            return Results.Json(new ReadError(e.Message), ReadJsonContext.Default.ReadError, statusCode: StatusCodes.Status400BadRequest);
        }
    }

    private static IResult Json<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) => Results.Json(value, type);

    /// <summary>One page of a query; a table that does not exist yet (nothing ingested) reads as empty.</summary>
    private static async Task<Page<TableEntity>> FirstPageAsync(TableClient table, string filter, string[]? select, int size, string? continuation, CancellationToken cancel)
    {
        try
        {
            await foreach (var page in table.QueryAsync<TableEntity>(filter, size, select, cancel).AsPages(continuation, size))
                return page;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
        }
        return Page<TableEntity>.FromValues([], null, null!);
    }

    private static async Task<List<TableEntity>> ReadPartitionAsync(TableClient table, string partition, string[]? select, CancellationToken cancel)
    {
        var entities = new List<TableEntity>();
        try
        {
            await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), 1000, select, cancel))
                entities.Add(e);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
        }
        return entities;
    }

    private async Task<long[]> TrendAsync(string rowKey, DateOnly day, long count, CancellationToken cancel)
    {
        var earlier = await Task.WhenAll(Enumerable.Range(1, 6).Reverse().Select(async back =>
        {
            var found = await storage.Issues.GetEntityIfExistsAsync<TableEntity>(Day(day.AddDays(-back)), rowKey, [DigestColumns.Count], cancel);
            return found.HasValue ? found.Value!.GetInt64(DigestColumns.Count) ?? 0 : 0;
        }));
        return [.. earlier, count];
    }

    private static bool Keeps(TableEntity issue, string? site, NoiseFilter noise) =>
        ReadParameters.Keeps(noise, issue.GetString(RowColumns.Noise))
        && (site is null || (issue.GetString(DigestColumns.Sites) ?? "").Split(',').Contains(site, StringComparer.Ordinal));

    internal static IssueItem ToIssue(TableEntity e)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in e)
            if (!DigestColumns.IsOwn(name) && value is not null)
                fields[name] = Text(value);
        return new IssueItem(e.PartitionKey, e.RowKey, e.GetString(DigestColumns.Type) ?? "", e.GetString(DigestColumns.Fingerprint) ?? "",
            e.GetString(DigestColumns.Title) ?? "", e.GetInt64(DigestColumns.Count) ?? 0, e.GetInt64(DigestColumns.Rows) ?? 0,
            e.GetDateTimeOffset(DigestColumns.FirstSeen), e.GetDateTimeOffset(DigestColumns.LastSeen),
            (e.GetString(DigestColumns.Sites) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries), NullIfEmpty(e.GetString(RowColumns.Noise)),
            e.GetString(DigestColumns.SamplePartitionKey), e.GetString(DigestColumns.SampleRowKey), fields);
    }

    private static ReportSummary ToSummary(TableEntity e) => new(
        e.PartitionKey, e.RowKey, e.GetString(RowColumns.Type) ?? "", e.GetDateTimeOffset(RowColumns.ReceivedAt), e.GetString(RowColumns.Url),
        e.GetString(RowColumns.Site), e.GetString(RowColumns.Title), e.GetString(RowColumns.Fingerprint), NullIfEmpty(e.GetString(RowColumns.Noise)));

    /// <summary>Shown apart in a report's detail (summary, user agent, times, format, Body and Raw) or not at all (system properties).</summary>
    private static bool IsSummaryOrSystem(string name) => SummaryColumns.Contains(name) || RowColumns.IsSystem(name) || RowColumns.IsBodyOrRaw(name)
        || name is RowColumns.UserAgent or RowColumns.IncidentAt or RowColumns.SourceFormat;

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static string Day(DateOnly day) => ReadParameters.Format(day);

    private static string Text(object value) => value switch
    {
        DateTimeOffset d => d.ToString("O", CultureInfo.InvariantCulture),
        DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
