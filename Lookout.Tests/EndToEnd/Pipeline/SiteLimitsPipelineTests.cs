using System.Buffers;
using System.Net;
using System.Text;
using Azure.Data.Tables;
using Lookout.Core.Envelopes;
using Lookout.Core.Sites;
using Lookout.Tests.Pipeline.Harness;
using Lookout.Tests.Read;

namespace Lookout.Tests.Pipeline;

/// <summary>Site limits (issue 29 item 5) with a read key and no row cap, so rows + shed reports = counts exactly.</summary>
public sealed class SiteLimitsPipeline : ReadPipeline
{
    public const string Sites = "fenced: hosts=shop.example,*.shop.example; budgeted: budget=20";

    protected override IDictionary<string, string> Settings => new Dictionary<string, string>(base.Settings)
    {
        ["Lookout__Sites"] = Sites,
        ["Lookout__MaxIssuesPerDelivery"] = "50",
    };
}

/// <summary>Allow-lists, the per-delivery issue cap and budgets through the standalone host on real Azurite.</summary>
public class SiteLimitsPipelineTests(SiteLimitsPipeline pipeline) : IClassFixture<SiteLimitsPipeline>
{
    private static string Csp(string host, string blocked) =>
        $$$"""{"type":"csp-violation","age":1,"url":"https://{{{host}}}/p","body":{"documentURL":"https://{{{host}}}/p","blockedURL":"{{{blocked}}}","effectiveDirective":"script-src-elem","disposition":"enforce"}}""";

    /// <summary>Issue 29's flood: <c>[{"type":"a","url":"https://hN.x"}×1000]</c>, optionally with an empty body.</summary>
    private static byte[] Flood(bool bodies) => Encoding.UTF8.GetBytes("[" + string.Join(",", Enumerable.Range(0, 1000).Select(n =>
        $"{{\"type\":\"a\",\"url\":\"https://h{n}.x\"{(bodies ? ",\"body\":{}" : "")}}}")) + "]");

    private async Task<List<TableEntity>> DigestOfSiteAsync(string site, long total) =>
        await Eventually.MatchAsync(async () => (await pipeline.IssuesOfDayAsync(ReadPipeline.Today)).Where(i => i.GetString("Sites") == site).ToList(),
            issues => issues.Sum(i => i.GetInt64("Count") ?? 0) >= total, TimeSpan.FromSeconds(90), $"digest of {site} reaching {total}");

    private async Task<List<TableEntity>> SettledRowsAsync(string site) =>
        await Eventually.MatchAsync(async () =>
            {
                var queue = (await pipeline.Queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;
                return (queue, rows: await pipeline.Table.AllAsync(ReportTable.SiteIs(site)));
            }, r => r.queue == 0, TimeSpan.FromSeconds(90), "queue drained").ContinueWith(t => t.Result.rows);

    [Fact]
    public async Task The_flood_becomes_fifty_issues_and_one_over_cap_issue_that_counts_the_rest_without_rows()
    {
        var site = LookoutPipeline.NewSite();
        var flood = Flood(bodies: true);
        using var response = await pipeline.PostAsync(flood, "application/reports+json", site);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);

        var issues = await DigestOfSiteAsync(site, 1000);
        Assert.Equal(51, issues.Count);
        var overflow = Assert.Single(issues, i => i.GetString("Noise") == SiteLimits.OverIssueCap);
        Assert.Equal((950L, 0L, "unknown"), (overflow.GetInt64("Count")!.Value, overflow.GetInt64("Rows")!.Value, overflow.GetString("Type")));
        Assert.Equal("Reports beyond the first 50 issues of one delivery", overflow.GetString("Title"));
        Assert.All(issues.Where(i => i != overflow), i => Assert.Equal((1L, 1L), (i.GetInt64("Count")!.Value, i.GetInt64("Rows")!.Value)));
        Assert.Equal(50, (await SettledRowsAsync(site)).Count);

        // The read API and the dashboard's overview line say what was shed and why.
        var top = await pipeline.OkAsync($"read/top?day={ReadPipeline.Today}&site={site}");
        Assert.Equal(950, top.GetProperty("shed").GetProperty("overIssueCap").GetInt64());
        Assert.Equal(50, top.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task The_36_KB_flood_to_a_fenced_site_is_one_counted_foreign_host_issue_and_no_rows()
    {
        var flood = Flood(bodies: false);
        Assert.InRange(flood.Length, 35_000, 37_000);
        // The site tag is the fenced one, so this test finds its digest entity by reason and count.
        using var response = await pipeline.PostAsync(flood, "application/reports+json", "fenced");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);

        var issue = await Eventually.MatchAsync(async () => (await pipeline.IssuesOfDayAsync(ReadPipeline.Today))
                .SingleOrDefault(i => i.GetString("Noise") == SiteLimits.ForeignHost && i.GetString("Type") == "unknown"),
            i => i?.GetInt64("Count") >= 1000, TimeSpan.FromSeconds(90), "foreign-host issue counting the flood");
        Assert.Equal(1000, issue!.GetInt64("Count"));
        Assert.Equal(0, issue.GetInt64("Rows"));
        Assert.DoesNotContain(await SettledRowsAsync("fenced"), r => r.GetString("Url")?.EndsWith(".x", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task A_sites_allow_list_stores_its_hosts_and_counts_a_foreign_hosts_reports_under_their_reason()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var body = Encoding.UTF8.GetBytes("[" + string.Join(",",
            Csp("shop.example", $"https://cdn.example/{run}.js"), Csp("www.shop.example", $"https://cdn.example/{run}.js"),
            Csp("evil.example", $"https://a.example/{run}.js"), Csp("evil.example", $"https://b.example/{run}.js"),
            Csp("shop.example.evil.example", $"https://c.example/{run}.js")) + "]");
        var before = await ForeignCspCountAsync();
        using var response = await pipeline.PostAsync(body, "application/reports+json", "fenced");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);

        var rows = await pipeline.Table.WaitForAsync(2, TableClient.CreateQueryFilter($"Site eq {"fenced"} and BlockedUrl eq {$"https://cdn.example/{run}.js"}"));
        Assert.Equal(["https://shop.example/p", "https://www.shop.example/p"], rows.Select(r => r.GetString("DocumentUrl")).Order());
        await Eventually.MatchAsync(ForeignCspCountAsync, n => n >= before + 3, TimeSpan.FromSeconds(90), "3 foreign-host reports counted");
        Assert.Equal(before + 3, await ForeignCspCountAsync());
        Assert.DoesNotContain(await SettledRowsAsync("fenced"), r => r.GetString("BlockedUrl")?.Contains(run, StringComparison.Ordinal) == true
            && r.GetString("DocumentUrl")!.Contains("evil", StringComparison.Ordinal));

        var top = await pipeline.OkAsync($"read/top?day={ReadPipeline.Today}&site=fenced&type=csp-violation");
        Assert.Equal(before + 3, top.GetProperty("shed").GetProperty("foreignHost").GetInt64());
        var only = await pipeline.OkAsync($"read/issues?site=fenced&type=csp-violation&noise=only");
        Assert.Contains(only.GetProperty("items").EnumerateArray(), i => i.GetProperty("noise").GetString() == SiteLimits.ForeignHost
            && i.GetProperty("title").GetString() == "Reports about hosts outside the site's allow-list");
    }

    private async Task<long> ForeignCspCountAsync() =>
        (await pipeline.IssuesOfDayAsync(ReadPipeline.Today))
            .Where(i => i.GetString("Noise") == SiteLimits.ForeignHost && i.GetString("Type") == "csp-violation").Sum(i => i.GetInt64("Count") ?? 0);

    [Fact]
    public async Task Over_its_budget_a_site_gets_204_and_the_digest_counts_the_sampled_reports()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        for (var d = 0; d < 10; d++)
        {
            var body = Encoding.UTF8.GetBytes("[" + string.Join(",", Enumerable.Range(0, 10).Select(i => Csp("blog.example", $"https://cdn{i % 2}.example/{run}.js"))) + "]");
            using var response = await pipeline.PostAsync(body, "application/reports+json", "budgeted");
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        var issues = await Eventually.MatchAsync(async () => (await pipeline.IssuesOfDayAsync(ReadPipeline.Today))
                .Where(i => i.GetString("BlockedUrl")?.Contains(run, StringComparison.Ordinal) == true).ToList(),
            found => found.Sum(i => i.GetInt64("Count") ?? 0) >= 100, TimeSpan.FromSeconds(90), "100 reports counted");
        var rows = (await SettledRowsAsync("budgeted")).Where(r => r.GetString("BlockedUrl")!.Contains(run, StringComparison.Ordinal)).ToList();
        var sampled = issues.Sum(i => i.GetInt64("Sampled") ?? 0);
        // 100 reports against 20 a minute: some kept, some sampled out, and together exactly the count.
        Assert.Equal(2, issues.Count);
        Assert.InRange(sampled, 1, 99);
        Assert.Equal(100, rows.Count + sampled);
        Assert.Equal(issues.Sum(i => i.GetInt64("Rows") ?? 0), rows.Count);

        var listed = await pipeline.OkAsync($"read/issues?site=budgeted&type=csp-violation");
        Assert.Equal(sampled, listed.GetProperty("items").EnumerateArray()
            .Where(i => i.GetProperty("fields").GetProperty("BlockedUrl").GetString()!.Contains(run, StringComparison.Ordinal))
            .Sum(i => i.GetProperty("sampled").GetInt64()));
        var top = await pipeline.OkAsync($"read/top?day={ReadPipeline.Today}&site=budgeted");
        Assert.True(top.GetProperty("shed").GetProperty("sampled").GetInt64() >= sampled);
    }

    [Fact]
    public async Task A_sampled_message_stores_exactly_the_reports_its_envelope_picks_on_every_delivery()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var envelope = new Envelope
        {
            Id = Envelope.NewId(), ReceivedAt = DateTimeOffset.UtcNow, ContentType = "application/reports+json", Site = "budgeted", KeepPpm = 250_000,
        };
        var body = Encoding.UTF8.GetBytes("[" + string.Join(",", Enumerable.Range(0, 40).Select(_ => Csp("blog.example", $"https://picked.example/{run}.js"))) + "]");
        var buffer = new ArrayBufferWriter<byte>();
        EnvelopeCodec.Write(buffer, envelope, body);
        var expected = Enumerable.Range(0, 40).Where(i => Sampling.Keeps(envelope.Id, i, envelope.KeepPpm)).ToList();
        Assert.InRange(expected.Count, 1, 39);

        string[] StoredIndexes(List<TableEntity> rows) => rows.Where(r => r.GetString("EnvelopeId") == envelope.Id)
            .Select(r => r.RowKey[^4..]).Order(StringComparer.Ordinal).ToArray();
        var want = expected.Select(i => i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture)).ToArray();

        await pipeline.Queue.SendMessageAsync(new BinaryData(buffer.WrittenMemory));
        var issue = await Eventually.MatchAsync(async () => (await pipeline.IssuesOfDayAsync(ReadPipeline.Today))
            .SingleOrDefault(i => i.GetString("BlockedUrl") == $"https://picked.example/{run}.js"), i => i?.GetInt64("Count") >= 40, TimeSpan.FromSeconds(90), "40 counted");
        Assert.Equal(40 - expected.Count, issue!.GetInt64("Sampled"));
        Assert.Equal(want, StoredIndexes(await SettledRowsAsync("budgeted")));

        // The same message delivered again (a retry): the very same reports are kept, and nothing is counted twice.
        await pipeline.Queue.SendMessageAsync(new BinaryData(buffer.WrittenMemory));
        await Eventually.MatchAsync(async () => (await pipeline.Queue.GetPropertiesAsync()).Value.ApproximateMessagesCount, n => n == 0,
            TimeSpan.FromSeconds(90), "second delivery processed (queue drained)");
        Assert.Equal(want, StoredIndexes(await SettledRowsAsync("budgeted")));
        var again = (await pipeline.IssuesOfDayAsync(ReadPipeline.Today)).Single(i => i.GetString("BlockedUrl") == $"https://picked.example/{run}.js");
        Assert.Equal(40, again.GetInt64("Count"));
        Assert.Equal(40 - expected.Count, again.GetInt64("Sampled"));
    }

    [Fact]
    public async Task A_bad_sites_setting_stops_the_app_at_startup_naming_the_entry()
    {
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => pipeline.StartAppAsync(new Dictionary<string, string>
        {
            ["Lookout__Sites"] = "shop: hosts=shop.example; blog: hosts=https://blog.example/",
        }));
        Assert.Contains("Lookout__Sites: entry 2 (\"blog\"): 'https://blog.example/' is not a host name or '*.domain'", e.Message, StringComparison.Ordinal);
    }
}
