using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Lookout.Core.Issues.Reach;
using Lookout.Core.Records;
using Lookout.Core.Sites;
using Lookout.Functions.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Lookout.Functions.Read;

/// <summary>
/// The read API (<c>GET /api/read/…</c>, JSON, function key required): issues and counts from the digest
/// table, report rows from the reports table. Issue lists and counts never scan report rows; report lists
/// read one partition (<c>type_day</c>). Lists are paged with continuation tokens (<see cref="PageToken"/>).
/// </summary>
public sealed class ReadFunctions(StorageClients storage, TimeProvider time, PageTokens tokens)
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

    /// <summary>Issues of a day range, one line per issue with its total, reach and days, sorted by <c>sort</c>:
    /// <c>count</c> (default), <c>pages</c> or <c>recent</c> (last seen). <c>from</c>, <c>to</c> (default the last 7 days),
    /// <c>type</c>, <c>fingerprint</c> (one issue, with <c>type</c>: also its top pages and browsers), <c>site</c>,
    /// <c>noise</c> (hide|only|all, default hide), <c>pageSize</c>, <c>token</c>.</summary>
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
        var sort = p.Sort();
        var size = p.PageSize();
        var query = $"issues|{Day(from)}|{Day(to)}|{type}|{fingerprint}|{site}|{noise}|{sort}";
        var token = tokens.Decode(p.Text("token"), query);
        // An issues token holds an offset into this query's sorted list, never a day.
        var offset = token is not { } resume ? 0
            : resume.Day is null && int.TryParse(resume.Continuation, NumberStyles.None, CultureInfo.InvariantCulture, out var at) ? at
            : throw PageTokens.Invalid();
        var cancel = request.HttpContext.RequestAborted;
        var issues = await IssueRange.ReadAsync(storage.Issues, from, to, e => Matches(e, type, fingerprint) && Keeps(e, site, noise), cancel);
        var page = Sorted(issues, sort).Skip(offset).Take(size).ToList();
        await IssueRange.AddFirstSeenEverAsync(storage.Issues, page, cancel);
        var items = page.Select(i => ToIssue(i, from, withLists: fingerprint is not null)).ToArray();
        var next = offset + size < issues.Count ? tokens.Encode(new PageToken(null, (offset + size).ToString(CultureInfo.InvariantCulture)), query) : null;
        return Json(new IssuePage(items, next), ReadJsonContext.Default.IssuePage);
    });

    /// <summary>The issues of a range with the highest counts (or <c>sort</c>), each with its daily counts: over the range, or the 7 days
    /// ending on its last day when it is shorter. <c>day</c> (a one-day range, default today) or <c>from</c>/<c>to</c>, <c>type</c>, <c>site</c>,
    /// <c>noise</c> (default hide), <c>limit</c> (1-50, default 10).</summary>
    [Function(TopName)]
    public Task<IResult> TopAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.ReadTop)] HttpRequest request) => AnswerAsync(request, async p =>
    {
        var (from, to) = p.Text("from") is null && p.Text("to") is null ? (p.Day("day", ReadParameters.Today(time)), p.Day("day", ReadParameters.Today(time))) : p.Range(7);
        var type = p.Type();
        var site = p.Site();
        var noise = p.Noise(NoiseFilter.Hide);
        var sort = p.Sort();
        var limit = p.Int("limit", 10, 1, 50);
        var cancel = request.HttpContext.RequestAborted;
        // The trend covers at least a week; ranking and totals only the range.
        var trendFrom = to.DayNumber - from.DayNumber < 6 ? to.AddDays(-6) : from;
        // Read with noise too: what site limits shed is counted in noise-flagged issues.
        var issues = await IssueRange.ReadAsync(storage.Issues, trendFrom, to, e => Matches(e, type, null) && Keeps(e, site, NoiseFilter.All), cancel);
        var everyInRange = issues.Select(i => Within(i, from.DayNumber - trendFrom.DayNumber)).Where(i => i.Count > 0).ToList();
        var inRange = everyInRange.Where(i => ReadParameters.Keeps(noise, i.Latest.GetString(DigestColumns.Noise))).ToList();
        var top = Sorted(inRange, sort).Take(limit).ToList();
        await IssueRange.AddFirstSeenEverAsync(storage.Issues, top, cancel);
        var trends = issues.ToDictionary(i => i.RowKey, i => i.Daily, StringComparer.Ordinal);
        var items = top.Select(i => ToIssue(i, from, withLists: true) with
        {
            Trend = trends[i.RowKey],
            TrendDays = [.. Enumerable.Range(0, to.DayNumber - trendFrom.DayNumber + 1).Select(d => Day(trendFrom.AddDays(d)))],
        }).ToArray();
        return Json(new TopIssues(Day(to), Day(from), inRange.Sum(i => i.Count), items) { Shed = Shed(everyInRange) },
            ReadJsonContext.Default.TopIssues);
    });

    /// <summary>An issue restricted to the range's days from <paramref name="skip"/> on (the trend's extra days left out).</summary>
    private static IssueRange.Issue Within(IssueRange.Issue issue, int skip)
    {
        if (skip == 0)
            return issue;
        var counted = issue.Daily.Skip(skip).Sum();
        var within = new IssueRange.Issue(issue.RowKey, issue.Daily.Length - skip)
        {
            Count = counted, Rows = issue.Rows, FirstSeen = issue.FirstSeen, LastSeen = issue.LastSeen, Reach = issue.Reach,
            Latest = issue.Latest, DaysSeen = issue.Daily.Skip(skip).Count(c => c > 0),
        };
        issue.Daily.AsSpan(skip).CopyTo(within.Daily);
        issue.SampledDaily.AsSpan(skip).CopyTo(within.SampledDaily);
        foreach (var site in issue.Sites)
            within.Sites.Add(site);
        return within;
    }

    private static IEnumerable<IssueRange.Issue> Sorted(IEnumerable<IssueRange.Issue> issues, IssueSort sort) => (sort switch
    {
        IssueSort.Pages => issues.OrderByDescending(i => i.Reach?.Pages ?? 0).ThenByDescending(i => i.Count),
        IssueSort.Recent => issues.OrderByDescending(i => i.LastSeen ?? DateTimeOffset.MinValue).ThenByDescending(i => i.Count),
        _ => issues.OrderByDescending(i => i.Count).ThenByDescending(i => i.Reach?.Pages ?? 0),
    }).ThenBy(i => i.RowKey, StringComparer.Ordinal);

    private static bool Matches(TableEntity e, string? type, string? fingerprint) =>
        fingerprint is not null ? e.RowKey == type + "_" + fingerprint : type is null || e.GetString(DigestColumns.Type) == type;

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
            foreach (var e in await IssueRange.ReadDayAsync(storage.Issues, Day(days[i]), [DigestColumns.Type, DigestColumns.Count, DigestColumns.Noise], null, ct))
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
        var token = tokens.Decode(p.Text("token"), query);
        if (token is { Day: not null })
            throw PageTokens.Invalid();
        var continuation = token?.Continuation;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition}");
        if (fingerprint is not null)
            filter += " and " + TableClient.CreateQueryFilter($"Fingerprint eq {fingerprint}");
        if (site is not null)
            filter += " and " + TableClient.CreateQueryFilter($"Site eq {site}");
        var items = new List<ReportSummary>();
        for (var calls = 0; ; calls++)
        {
            if (items.Count >= size || calls == MaxCallsPerPage)
                return Json(new ReportPage([.. items], tokens.Encode(new PageToken(null, continuation), query)), ReadJsonContext.Default.ReportPage);
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

    private Task<IResult> AnswerAsync(HttpRequest request, Func<ReadParameters, Task<IResult>> read) => AnswerAsync(request, time, read);

    /// <summary>Answers a read: no-store and nosniff headers, 400 with the reason for a bad parameter.</summary>
    internal static async Task<IResult> AnswerAsync(HttpRequest request, TimeProvider time, Func<ReadParameters, Task<IResult>> read)
    {
        // Reads show live data: no shared caches, and not in the browser's back-forward cache after sign-out.
        // JSON only, never sniffed into something a browser would render.
        var headers = request.HttpContext.Response.Headers;
        headers.CacheControl = "no-store";
        headers.XContentTypeOptions = "nosniff";
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

    private static ShedCounts Shed(List<IssueRange.Issue> issues)
    {
        long CountOf(string reason) => issues.Where(i => i.Latest.GetString(DigestColumns.Noise) == reason).Sum(i => i.Count);
        return new ShedCounts(CountOf(SiteLimits.ForeignHost), CountOf(SiteLimits.OverIssueCap), issues.Sum(i => i.Sampled));
    }

    private static bool Keeps(TableEntity issue, string? site, NoiseFilter noise) =>
        ReadParameters.Keeps(noise, issue.GetString(RowColumns.Noise))
        && (site is null || (issue.GetString(DigestColumns.Sites) ?? "").Split(',').Contains(site, StringComparer.Ordinal));

    internal static IssueItem ToIssue(IssueRange.Issue issue, DateOnly from, bool withLists)
    {
        var e = issue.Latest;
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in e)
            if (!DigestColumns.IsOwn(name) && value is not null)
                fields[name] = Text(value);
        static TopCount[] Tops(IReadOnlyList<TopEntry> entries) => [.. entries.Select(t => new TopCount(t.Item, t.Count, t.Error))];
        return new IssueItem(DigestPartition.DayOf(e.PartitionKey), e.RowKey, e.GetString(DigestColumns.Type) ?? "", e.GetString(DigestColumns.Fingerprint) ?? "",
            e.GetString(DigestColumns.Title) ?? "", issue.Count, issue.Rows, issue.FirstSeen, issue.LastSeen, [.. issue.Sites],
            NullIfEmpty(e.GetString(RowColumns.Noise)), e.GetString(DigestColumns.SamplePartitionKey), e.GetString(DigestColumns.SampleRowKey), fields)
        {
            Trend = issue.Daily,
            TrendDays = [.. Enumerable.Range(0, issue.Daily.Length).Select(d => Day(from.AddDays(d)))],
            Pages = issue.Reach?.Pages,
            Origins = issue.Reach?.Sites,
            DaysSeen = issue.DaysSeen,
            FirstSeenEver = issue.FirstSeenEver,
            Scheme = e.GetInt64(DigestColumns.FingerprintScheme) ?? 1,
            Sampled = issue.Sampled,
            TopPages = withLists && issue.Reach is { } pages ? Tops(pages.TopPages) : null,
            Browsers = withLists && issue.Reach is { } browsers ? Tops(browsers.Browsers) : null,
        };
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
