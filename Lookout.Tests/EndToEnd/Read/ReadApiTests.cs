using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text.Json;
using Azure.Data.Tables;
using Lookout.Tests.Pipeline.Harness;
using Lookout.Tests.Support;

namespace Lookout.Tests.Read;

/// <summary>
/// The read API on real Azurite through the standalone host: every filter, paging over more than 1,000
/// reports, 400 for bad parameters, 401 without or with a wrong key, and loopback-only without a key.
/// </summary>
public class ReadApiTests(ReadPipeline fixture) : ReadApiSuite(fixture), IClassFixture<ReadPipeline>
{
    [Theory]
    [InlineData("read/issues?to=1970-01-01")]
    [InlineData("read/issues?to=1970-01-03&pageSize=1")]
    [InlineData("read/counts?to=1970-01-05")]
    [InlineData("read/top?day=1970-01-01")]
    [InlineData("read/issues?from=9999-12-24&to=9999-12-30")]
    [InlineData("read/counts?to=9999-12-30")]
    [InlineData("read/top?day=9999-12-30")]
    [InlineData("read/policies?to=1970-01-01")]
    [InlineData("read/policies?to=9999-12-30")]
    public async Task The_first_and_last_accepted_days_read_without_overflow(string query)
    {
        // Default ranges and trends reaching before 1970-01-01 are clamped; the answers are simply empty.
        var body = await Pipeline.OkAsync(query);
        Assert.True(body.TryGetProperty("items", out _) || body.TryGetProperty("days", out _), body.ToString());
    }

    [Fact]
    public async Task A_forged_token_or_one_outside_the_range_answers_400()
    {
        var today = ReadPipeline.Today;
        var week = ReadPipeline.DayBefore(6);
        var query = $"issues|{week}|{today}||||Hide|Count";
        // Valid JSON resuming a year back: under the old unkeyed SHA-256 checksum anyone could compute this one.
        var payload = System.Text.Encoding.UTF8.GetBytes($$"""{"d":"{{ReadPipeline.DayBefore(365)}}","c":null}""");
        var unkeyed = System.Security.Cryptography.SHA256.HashData([.. System.Text.Encoding.UTF8.GetBytes(query + "\n"), .. payload])[..12];
        var forged = System.Buffers.Text.Base64Url.EncodeToString(payload) + "." + System.Buffers.Text.Base64Url.EncodeToString(unkeyed);
        // Signed with another secret (another deployment, or a guess).
        var otherSecret = new Lookout.Functions.Read.PageTokens("not-the-server-secret").Encode(new(ReadPipeline.DayBefore(2), null), query);
        // Signed with the server's own secret for this very query, but resuming outside from..to (a signing bug must not read other days).
        var outside = new Lookout.Functions.Read.PageTokens(Pipeline.PageTokenSecret).Encode(new(ReadPipeline.DayBefore(30), null), query);
        var notADay = new Lookout.Functions.Read.PageTokens(Pipeline.PageTokenSecret).Encode(new("0001-01-01T00", null), query);
        foreach (var bad in new[] { forged, otherSecret, outside, notADay })
        {
            var (status, body) = await Pipeline.GetJsonAsync($"read/issues?from={week}&to={today}&token={Uri.EscapeDataString(bad)}");
            Assert.True(status == HttpStatusCode.BadRequest, $"{bad}: {(int)status} {body}");
            Assert.Contains("'token' is not a continuation token", body.GetProperty("error").GetString());
        }
        // The control: the server's secret and an offset into this query's list (an issues token holds no day) is accepted.
        var inside = new Lookout.Functions.Read.PageTokens(Pipeline.PageTokenSecret).Encode(new(null, "0"), query);
        await Pipeline.OkAsync($"read/issues?from={week}&to={today}&token={Uri.EscapeDataString(inside)}");

        // A report list's token holds no day: one that does was not issued for it.
        var reportsQuery = $"reports|csp-violation_{today}|||All";
        var withDay = new Lookout.Functions.Read.PageTokens(Pipeline.PageTokenSecret).Encode(new(today, null), reportsQuery);
        var (reportsStatus, _) = await Pipeline.GetJsonAsync($"read/reports?type=csp-violation&token={Uri.EscapeDataString(withDay)}");
        Assert.Equal(HttpStatusCode.BadRequest, reportsStatus);
    }

    [Fact]
    public async Task The_dashboard_sends_a_strict_policy_and_reads_are_never_sniffed()
    {
        async Task<(string Csp, string Html)> LoadAsync()
        {
            using var loader = await Pipeline.Http.GetAsync(new Uri(Pipeline.App.BaseUrl, "/api/dashboard"));
            Assert.Equal(["DENY"], loader.Headers.GetValues("X-Frame-Options"));
            Assert.Equal(["nosniff"], loader.Headers.GetValues("X-Content-Type-Options"));
            Assert.True(loader.Headers.CacheControl?.NoStore);
            // Plain HTTP: report-uri only (browsers send Reporting API reports to HTTPS endpoints only).
            Assert.False(loader.Headers.Contains("Reporting-Endpoints"));
            return (Assert.Single(loader.Headers.GetValues("Content-Security-Policy")), await loader.Content.ReadAsStringAsync());
        }
        var (csp, html) = await LoadAsync();
        var nonce = System.Text.RegularExpressions.Regex.Match(csp, "script-src 'nonce-([A-Za-z0-9+/=]{24})'").Groups[1].Value;
        Assert.NotEmpty(nonce);
        Assert.Contains($"style-src 'nonce-{nonce}' 'report-sample'", csp);
        Assert.Contains("default-src 'none'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("report-uri /api/reports?site=lookout-dashboard", csp);
        Assert.DoesNotContain("report-to", csp);
        Assert.DoesNotContain("unsafe", csp);
        // Every script and style element of the page carries this answer's nonce; the next answer has another.
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(html, $"<(script|style) nonce=\"{System.Text.RegularExpressions.Regex.Escape(nonce)}\">"));
        Assert.Equal(0, System.Text.RegularExpressions.Regex.Count(html, "<(script|style)>"));
        Assert.DoesNotContain(nonce, (await LoadAsync()).Csp);

        using var file = new HttpRequestMessage(HttpMethod.Get, new Uri(Pipeline.App.BaseUrl, "/api/dashboard/app/app.js"));
        file.Headers.Add("x-functions-key", Pipeline.ReadKey);
        using var served = await Pipeline.Http.SendAsync(file);
        Assert.Equal(["DENY"], served.Headers.GetValues("X-Frame-Options"));
        Assert.Contains("frame-ancestors 'none'", Assert.Single(served.Headers.GetValues("Content-Security-Policy")));

        using var read = new HttpRequestMessage(HttpMethod.Get, new Uri(Pipeline.App.BaseUrl, "/api/read/counts"));
        read.Headers.Add("x-functions-key", Pipeline.ReadKey);
        using var answer = await Pipeline.Http.SendAsync(read);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(["nosniff"], answer.Headers.GetValues("X-Content-Type-Options"));
        Assert.True(answer.Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task Without_a_read_key_reads_are_served_to_loopback_clients_only()
    {
        var address = NonLoopbackAddress();
        var port = FreePorts.Next();
        var settings = new Dictionary<string, string>(Pipeline.AppSettings) { ["Lookout__ReadKey"] = "", ["Lookout__Standalone__Poller"] = "false" };
        await using var open = await LookoutApp.StartAsync(Pipeline.Azurite.ConnectionString, settings, $"http://127.0.0.1:{port};http://{address}:{port}");

        using var local = await Pipeline.Http.GetAsync($"http://127.0.0.1:{port}/api/read/counts");
        Assert.Equal(HttpStatusCode.OK, local.StatusCode);
        using var remote = await Pipeline.Http.GetAsync($"http://{address}:{port}/api/read/counts");
        Assert.Equal(HttpStatusCode.Forbidden, remote.StatusCode);
        Assert.Contains("Lookout__ReadKey", await remote.Content.ReadAsStringAsync());
        using var remoteFiles = await Pipeline.Http.GetAsync($"http://{address}:{port}/api/dashboard/app/app.js");
        Assert.Equal(HttpStatusCode.Forbidden, remoteFiles.StatusCode);
        Assert.True(remote.Headers.CacheControl?.NoStore);
        // A reverse proxy on this machine connects from loopback for everyone: what it forwards is refused.
        foreach (var (header, value) in new[] { ("X-Forwarded-For", "203.0.113.9"), ("Forwarded", "for=203.0.113.9"), ("X-Forwarded-Host", "lookout.example") })
        {
            using var proxied = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}/api/read/counts");
            proxied.Headers.TryAddWithoutValidation(header, value);
            using var refused = await Pipeline.Http.SendAsync(proxied);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains($"through a proxy ({header} header)", await refused.Content.ReadAsStringAsync());
            Assert.True(refused.Headers.CacheControl?.NoStore);
        }
        // Ingest stays open to everyone.
        using var ingest = new HttpRequestMessage(HttpMethod.Post, $"http://{address}:{port}/api/reports")
        {
            Content = new StringContent("""{"csp-report":{"document-uri":"https://a.example/","blocked-uri":"inline","violated-directive":"script-src"}}"""),
        };
        ingest.Content.Headers.ContentType = new("application/csp-report");
        using var ingested = await Pipeline.Http.SendAsync(ingest);
        Assert.Equal(HttpStatusCode.NoContent, ingested.StatusCode);
    }

    /// <summary>An address of this machine that is not loopback, so a request to it arrives from a non-loopback address.</summary>
    private static IPAddress NonLoopbackAddress() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(i => i.OperationalStatus == OperationalStatus.Up && i.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(i => i.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
        ?? throw new InvalidOperationException("This machine has no non-loopback IPv4 address to test the loopback rule with.");
}

/// <summary>The read API's answers under either host (the key is the read key, or the Functions host's function key).</summary>
public abstract class ReadApiSuite(ReadPipeline pipeline)
{
    protected ReadPipeline Pipeline => pipeline;

    private static string[] Ids(IEnumerable<JsonElement> items, string property) => items.Select(i => i.GetProperty(property).GetString()!).ToArray();

    [SkippableFact]
    public async Task Paging_walks_over_1050_reports_and_210_issues_exactly_once_each()
    {
        var site = LookoutPipeline.NewSite();
        // 210 pages x 5 reports: 210 issues of 5 reports each.
        var reports = Enumerable.Range(0, 1050).Select(n => ReadPipeline.CspReport("paging.example", $"{site}/p{n % 210}", n)).ToList();
        await pipeline.PostReportsAsync(reports, site);
        await pipeline.WaitForDigestAsync(site, 1050);
        await pipeline.RowsOfSiteAsync(site, 1050, TimeSpan.FromSeconds(90));

        var reportPages = await pipeline.AllPagesAsync($"read/reports?type=csp-violation&day={ReadPipeline.Today}&site={site}&pageSize=200");
        Assert.True(reportPages.Count >= 6, $"{reportPages.Count} pages");
        Assert.All(reportPages, page => Assert.InRange(page.Length, 0, 200));
        var rowKeys = Ids(reportPages.SelectMany(p => p), "rowKey");
        Assert.Equal(1050, rowKeys.Length);
        Assert.Equal(1050, rowKeys.Distinct().Count());
        // Newest first, as the RowKeys (inverted ticks) sort.
        Assert.Equal(rowKeys.Order(StringComparer.Ordinal), rowKeys);
        Assert.All(reportPages.SelectMany(p => p), r => Assert.Equal(site, r.GetProperty("site").GetString()));

        var issuePages = await pipeline.AllPagesAsync($"read/issues?site={site}&pageSize=100");
        Assert.True(issuePages.Count >= 3, $"{issuePages.Count} pages");
        var issues = issuePages.SelectMany(p => p).ToList();
        Assert.Equal(210, issues.Count);
        Assert.Equal(210, Ids(issues, "id").Distinct().Count());
        Assert.All(issues, i => Assert.Equal(5, i.GetProperty("count").GetInt64()));

        // Reports of one issue: its fingerprint's rows only.
        var one = issues[17];
        var fingerprint = one.GetProperty("fingerprint").GetString();
        var ofIssue = (await pipeline.AllPagesAsync($"read/reports?type=csp-violation&day={ReadPipeline.Today}&fingerprint={fingerprint}&pageSize=2"))
            .SelectMany(p => p).ToList();
        Assert.Equal(5, ofIssue.Count);
        Assert.All(ofIssue, r => Assert.Equal(fingerprint, r.GetProperty("fingerprint").GetString()));
    }

    [SkippableFact]
    public async Task Filters_by_type_site_day_range_and_noise_and_counts_come_from_the_digest()
    {
        var site = LookoutPipeline.NewSite();
        var other = LookoutPipeline.NewSite();
        await pipeline.PostReportsAsync(Enumerable.Range(0, 30).Select(n => ReadPipeline.CspReport("filters.example", $"{site}/a", n))
            .Concat(Enumerable.Range(0, 12).Select(n => ReadPipeline.NelReport("filters.example", n))), site);
        await pipeline.PostReportsAsync(Enumerable.Range(0, 7).Select(n => ReadPipeline.CspReport("filters.example", $"{other}/b", n)), other);
        await pipeline.WaitForDigestAsync(site, 42);
        await pipeline.WaitForDigestAsync(other, 7);

        var csp = (await pipeline.OkAsync($"read/issues?site={site}&type=csp-violation")).GetProperty("items").EnumerateArray().ToList();
        var single = Assert.Single(csp);
        Assert.Equal(30, single.GetProperty("count").GetInt64());
        Assert.Equal("csp-violation", single.GetProperty("type").GetString());
        Assert.Equal([site], single.GetProperty("sites").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("script-src-elem", single.GetProperty("fields").GetProperty("EffectiveDirective").GetString());
        var nel = (await pipeline.OkAsync($"read/issues?site={site}&type=network-error")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(12, nel.Sum(i => i.GetProperty("count").GetInt64()));
        Assert.All(nel, i => Assert.Equal("network-error", i.GetProperty("type").GetString()));
        Assert.DoesNotContain(csp.Concat(nel), i => i.GetProperty("title").GetString()!.Contains(other, StringComparison.Ordinal));

        // Yesterday has none of today's issues.
        Assert.Empty((await pipeline.OkAsync($"read/issues?site={site}&from={ReadPipeline.DayBefore(1)}&to={ReadPipeline.DayBefore(1)}")).GetProperty("items").EnumerateArray());

        // Digest entities of earlier days, one flagged as noise: the range and the noise filter pick them.
        var day3 = ReadPipeline.DayBefore(3);
        var noisy = new TableEntity(day3, "csp-violation_00000000000000aa") { ["Type"] = "csp-violation", ["Fingerprint"] = "00000000000000aa", ["Title"] = "noisy", ["Count"] = 9L, ["Sites"] = site, ["Noise"] = "browser-extension" };
        var clean = new TableEntity(day3, "csp-violation_00000000000000bb") { ["Type"] = "csp-violation", ["Fingerprint"] = "00000000000000bb", ["Title"] = "clean", ["Count"] = 4L, ["Sites"] = site, ["Noise"] = "" };
        var earlier = new TableEntity(ReadPipeline.DayBefore(5), "csp-violation_00000000000000bb") { ["Type"] = "csp-violation", ["Fingerprint"] = "00000000000000bb", ["Title"] = "clean", ["Count"] = 2L, ["Sites"] = site };
        foreach (var e in new[] { noisy, clean, earlier })
            await pipeline.Issues.UpsertEntityAsync(e);

        async Task<string[]> TitlesAsync(string query) =>
            Ids((await pipeline.OkAsync($"read/issues?site={site}&{query}")).GetProperty("items").EnumerateArray(), "title");
        Assert.Equal(["clean"], await TitlesAsync($"from={day3}&to={day3}"));
        Assert.Equal(["noisy"], await TitlesAsync($"from={day3}&to={day3}&noise=only"));
        Assert.Equal(["clean", "noisy"], (await TitlesAsync($"from={day3}&to={day3}&noise=all")).Order());
        // One line per issue over the range: days 3 and 5 add up, with the daily counts oldest first.
        var acrossDays = Assert.Single((await pipeline.OkAsync($"read/issues?site={site}&from={ReadPipeline.DayBefore(6)}&to={day3}")).GetProperty("items").EnumerateArray());
        Assert.Equal("clean", acrossDays.GetProperty("title").GetString());
        Assert.Equal(6, acrossDays.GetProperty("count").GetInt64());
        Assert.Equal(2, acrossDays.GetProperty("daysSeen").GetInt32());
        Assert.Equal(day3, acrossDays.GetProperty("day").GetString());
        Assert.Equal(new long[] { 0, 2, 0, 4 }, acrossDays.GetProperty("trend").EnumerateArray().Select(t => t.GetInt64()));
        // Today's CSP issue and the clean one; the NEL issues are another type.
        Assert.Equal(2, (await TitlesAsync($"from={ReadPipeline.DayBefore(6)}&to={ReadPipeline.Today}&type=csp-violation")).Length);

        // Top issues of day 3 with a 7-day trend ending on it.
        var top = await pipeline.OkAsync($"read/top?day={day3}&site={site}");
        Assert.Equal(4, top.GetProperty("total").GetInt64());
        var first = Assert.Single(top.GetProperty("items").EnumerateArray());
        Assert.Equal(new long[] { 0, 0, 0, 0, 2, 0, 4 }, first.GetProperty("trend").EnumerateArray().Select(t => t.GetInt64()));
        Assert.Equal(13, (await pipeline.OkAsync($"read/top?day={day3}&site={site}&noise=all")).GetProperty("total").GetInt64());

        // Counts per type per day equal the digest's sums (the whole table of this fixture).
        var counts = await pipeline.OkAsync($"read/counts?from={ReadPipeline.DayBefore(13)}&to={ReadPipeline.Today}");
        Assert.Equal(14, counts.GetProperty("days").GetArrayLength());
        var expected = new Dictionary<(string Day, string Type), long>();
        await foreach (var e in pipeline.Issues.QueryAsync<TableEntity>(e => e.PartitionKey != "issue"))
            if (string.IsNullOrEmpty(e.GetString("Noise")) && !Lookout.Functions.Storage.DigestColumns.IsMarker(e.RowKey))
                expected[(e.PartitionKey, e.GetString("Type")!)] = expected.GetValueOrDefault((e.PartitionKey, e.GetString("Type")!)) + e.GetInt64("Count")!.Value;
        var actual = counts.GetProperty("days").EnumerateArray()
            .SelectMany(d => d.GetProperty("counts").EnumerateObject().Select(c => (Key: (d.GetProperty("day").GetString()!, c.Name), Value: c.Value.GetInt64())))
            .ToDictionary(x => x.Key, x => x.Value);
        Assert.Equal(expected.OrderBy(x => x.Key), actual.OrderBy(x => x.Key));
        Assert.True(actual[(ReadPipeline.Today, "network-error")] >= 12);
        Assert.Equal(2, actual[(ReadPipeline.DayBefore(5), "csp-violation")]);
    }

    [SkippableFact]
    public async Task A_report_comes_with_its_body_and_raw_json()
    {
        var site = LookoutPipeline.NewSite();
        await pipeline.PostReportsAsync([ReadPipeline.CspReport("detail.example", $"{site}/d", 4242)], site);
        var row = Assert.Single(await pipeline.RowsOfSiteAsync(site, 1));

        var report = await pipeline.OkAsync($"read/report?pk={row.PartitionKey}&rk={row.RowKey}");
        Assert.Equal(row.RowKey, report.GetProperty("report").GetProperty("rowKey").GetString());
        using var body = JsonDocument.Parse(report.GetProperty("body").GetString()!);
        Assert.Equal(ReadPipeline.BlockedBy($"{site}/d") + "/x4242.js", body.RootElement.GetProperty("blockedURL").GetString());
        using var raw = JsonDocument.Parse(report.GetProperty("raw").GetString()!);
        Assert.Equal("csp-violation", raw.RootElement.GetProperty("type").GetString());
        Assert.Equal("script-src-elem", report.GetProperty("fields").GetProperty("EffectiveDirective").GetString());

        var (status, missing) = await pipeline.GetJsonAsync($"read/report?pk={row.PartitionKey}&rk={row.RowKey[..19]}_nosuchenvelope_0000");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("No such report", missing.GetProperty("error").GetString());
    }

    [SkippableTheory]
    [InlineData("read/issues?from=2026-13-01", "'from' must be a UTC day")]
    [InlineData("read/issues?to=yesterday", "'to' must be a UTC day")]
    [InlineData("read/issues?from=2026-03-02&to=2026-03-01", "is after")]
    [InlineData("read/issues?from=2026-01-01&to=2026-04-01", "at most 90")]
    [InlineData("read/counts?from=2025-01-01&to=2026-01-01", "at most 90")]
    [InlineData("read/issues?type=CSP%20Violation", "'type' must be a report type")]
    [InlineData("read/issues?site=a%2Fb", "'site' must be a site tag")]
    [InlineData("read/issues?noise=maybe", "'noise' must be hide, only or all")]
    [InlineData("read/issues?pageSize=0", "'pageSize' must be a whole number from 1 to 200")]
    [InlineData("read/issues?pageSize=201", "'pageSize' must be a whole number from 1 to 200")]
    [InlineData("read/issues?type=a&type=b", "more than once")]
    [InlineData("read/issues?token=garbage", "'token' is not a continuation token")]
    [InlineData("read/top?day=2026-02-30", "'day' must be a UTC day")]
    [InlineData("read/top?limit=51", "'limit' must be a whole number from 1 to 50")]
    [InlineData("read/issues?sort=size", "'sort' must be count, pages or recent")]
    [InlineData("read/reports?day=2026-01-01", "'type' is required")]
    [InlineData("read/reports?type=csp-violation&fingerprint=x%27%20or%20true", "'fingerprint' must be")]
    [InlineData("read/report?pk=csp-violation_2026-01-01", "'rk' is required")]
    [InlineData("read/report?pk=csp-violation&rk=0000000000000000001_x_0000", "'pk' must be a report PartitionKey")]
    [InlineData("read/report?pk=csp-violation_2026-01-01&rk=%27%20or%201", "'rk' must be a report RowKey")]
    // Days at the ends of the calendar: refused before any day arithmetic could overflow (never a 500).
    [InlineData("read/policies?from=2026-03-02&to=2026-03-01", "is after")]
    [InlineData("read/policy?id=0123456789ABCDEF", "'id' must be a policy id")]
    [InlineData("read/issues?to=0001-01-02", "'to' must be a day from 1970-01-01 to 9999-12-30")]
    [InlineData("read/issues?from=0001-01-01&to=2026-01-01", "'from' must be a day from 1970-01-01")]
    [InlineData("read/counts?to=0001-01-03", "'to' must be a day from 1970-01-01")]
    [InlineData("read/counts?from=9999-12-31", "'from' must be a day from 1970-01-01 to 9999-12-30")]
    [InlineData("read/top?day=0001-01-01", "'day' must be a day from 1970-01-01")]
    [InlineData("read/top?day=9999-12-31", "'day' must be a day from 1970-01-01")]
    [InlineData("read/reports?type=csp-violation&day=0001-01-01", "'day' must be a day from 1970-01-01")]
    public async Task Bad_parameters_answer_400_with_the_reason(string query, string reason)
    {
        var (status, body) = await pipeline.GetJsonAsync(query);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(reason, body.GetProperty("error").GetString());
    }

    [SkippableFact]
    public async Task A_tampered_token_or_one_from_another_query_answers_400()
    {
        var site = LookoutPipeline.NewSite();
        await pipeline.PostReportsAsync(Enumerable.Range(0, 3).Select(n => ReadPipeline.CspReport("token.example", $"{site}/t{n}", n)), site);
        await pipeline.WaitForDigestAsync(site, 3);
        var page = await pipeline.OkAsync($"read/issues?site={site}&pageSize=1");
        var token = page.GetProperty("next").GetString()!;
        Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Single((await pipeline.OkAsync($"read/issues?site={site}&pageSize=1&token={Uri.EscapeDataString(token)}")).GetProperty("items").EnumerateArray());

        var payload = token[..token.IndexOf('.', StringComparison.Ordinal)];
        var flipped = (payload[0] == 'A' ? 'B' : 'A') + token[1..];
        foreach (var bad in new[] { flipped, token[..^2], token + "x", payload })
        {
            var (status, body) = await pipeline.GetJsonAsync($"read/issues?site={site}&pageSize=1&token={Uri.EscapeDataString(bad)}");
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Contains("'token'", body.GetProperty("error").GetString());
        }
        var (otherStatus, _) = await pipeline.GetJsonAsync($"read/issues?site={site}&type=csp-violation&pageSize=1&token={Uri.EscapeDataString(token)}");
        Assert.Equal(HttpStatusCode.BadRequest, otherStatus);
    }

    [SkippableTheory]
    [InlineData("read/issues")]
    [InlineData("read/top")]
    [InlineData("read/counts")]
    [InlineData("read/reports?type=csp-violation")]
    [InlineData("read/report?pk=csp-violation_2026-01-01&rk=0000000000000000001_x_0000")]
    [InlineData("read/policies")]
    [InlineData("read/policy?id=0123456789abcdef")]
    [InlineData("dashboard/app/app.js")]
    public async Task Reads_need_the_read_key(string path)
    {
        var url = new Uri(pipeline.App.BaseUrl, "/api/" + path);
        using (var none = await pipeline.Http.GetAsync(url))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
            // The standalone host's refusal is not cached; under the Functions host the 401 is the host's own,
            // before Lookout's code runs (a difference pinned here: docs/deploy.md).
            if (pipeline.App is LookoutApp)
                Assert.True(none.Headers.CacheControl?.NoStore, $"401 Cache-Control: {none.Headers.CacheControl}");
        }
        using (var wrong = new HttpRequestMessage(HttpMethod.Get, url))
        {
            wrong.Headers.Add("x-functions-key", pipeline.ReadKey + "x");
            using var response = await pipeline.Http.SendAsync(wrong);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
        using (var header = new HttpRequestMessage(HttpMethod.Get, url))
        {
            header.Headers.Add("x-functions-key", pipeline.ReadKey);
            using var response = await pipeline.Http.SendAsync(header);
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, $"{response.StatusCode}");
        }
        var withCode = url + (url.Query.Length > 0 ? "&" : "?") + "code=" + pipeline.ReadKey;
        using (var code = await pipeline.Http.GetAsync(withCode))
            Assert.True(code.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, $"{code.StatusCode}");
    }

    [SkippableFact]
    public async Task Ingest_health_and_the_dashboard_loader_stay_anonymous()
    {
        using var ingest = await pipeline.PostAsync("""{"csp-report":{"document-uri":"https://a.example/","blocked-uri":"inline","violated-directive":"script-src"}}"""u8.ToArray(), "application/csp-report");
        Assert.Equal(HttpStatusCode.NoContent, ingest.StatusCode);
        using var health = await pipeline.Http.GetAsync(pipeline.App.HealthUrl);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var loader = await pipeline.Http.GetAsync(new Uri(pipeline.App.BaseUrl, "/api/dashboard"));
        Assert.Equal(HttpStatusCode.OK, loader.StatusCode);
        Assert.Equal("text/html", loader.Content.Headers.ContentType?.MediaType);
    }
}
