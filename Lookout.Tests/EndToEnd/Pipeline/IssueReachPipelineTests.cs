using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Lookout.Core.Issues.Reach;
using Lookout.Tests.Pipeline.Harness;
using static Lookout.Tests.Pipeline.Harness.LookoutPipeline;

namespace Lookout.Tests.Pipeline;

public sealed class ReachPipeline : LookoutPipeline
{
    protected override IDictionary<string, string> Settings => new Dictionary<string, string>
    {
        [QueueSetting("maxPollingInterval")] = "00:00:00.200",
    };
}

public sealed class ThrottledAlertsPipeline : LookoutPipeline
{
    public const int Limit = 5;

    protected override IDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Lookout__NewIssueAlertsPerHour"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [QueueSetting("maxPollingInterval")] = "00:00:00.200",
    };
}

/// <summary>Shared by the reach tests: Chromium-shaped reports and digest look-ups.</summary>
internal static class ReachKit
{
    public const string Chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";
    public const string Firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";

    public static string Csp(string page, string blocked, string? sample = null, string agent = Chrome) =>
        $$$"""{"type":"csp-violation","age":3,"url":"{{{page}}}","user_agent":"{{{agent}}}","body":{"documentURL":"{{{page}}}","blockedURL":"{{{blocked}}}","effectiveDirective":"script-src-elem","disposition":"enforce","sample":"{{{sample ?? ""}}}","sourceFile":"{{{page}}}","lineNumber":1}}""";

    public static byte[] Delivery(IEnumerable<string> reports) => Encoding.UTF8.GetBytes("[" + string.Join(",", reports) + "]");

    public static async Task PostAsync(LookoutPipeline pipeline, IEnumerable<string> reports, string site, int perDelivery = 20)
    {
        await Parallel.ForEachAsync(reports.Chunk(perDelivery), new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (chunk, _) =>
        {
            using var response = await pipeline.PostAsync(Delivery(chunk), "application/reports+json", site);
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        });
    }

    /// <summary>Today's digest entities of <paramref name="site"/> once they count <paramref name="total"/> reports.</summary>
    public static Task<List<TableEntity>> DigestAsync(LookoutPipeline pipeline, string site, long total) =>
        Eventually.MatchAsync(async () => (await pipeline.IssuesOfDayAsync(Lookout.Core.Records.UtcDay.Of(DateTimeOffset.UtcNow).ToString()))
                .Where(i => (i.GetString("Sites") ?? "").Split(',').Contains(site)).ToList(),
            issues => issues.Sum(i => i.GetInt64("Count") ?? 0) >= total, TimeSpan.FromSeconds(240), $"digest of {site} reaching {total}");

    public static int Occurrences(string text, string needle) => Regex.Matches(text, Regex.Escape(needle)).Count;
}

/// <summary>
/// Issue 22's Done-when on Azurite through the real pipeline: issues by what was blocked, reach per issue
/// (pages, top pages, browsers), one NewIssue per new problem.
/// </summary>
public class IssueReachPipelineTests(ReachPipeline pipeline) : IClassFixture<ReachPipeline>
{
    [Fact]
    public async Task Two_hundred_pages_blocking_one_host_are_one_issue_of_200_reports_on_200_pages_with_top_pages_and_one_NewIssue()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var site = NewSite();
        var blocked = $"https://tracker-{run}.example";
        await ReachKit.PostAsync(pipeline, Enumerable.Range(0, 200).Select(i =>
            ReachKit.Csp($"https://shop.example/product/{i}?ref=mail", $"{blocked}/t.js?v={i}", agent: i % 4 == 0 ? ReachKit.Firefox : ReachKit.Chrome)), site);

        var issue = Assert.Single(await ReachKit.DigestAsync(pipeline, site, 200));
        Assert.Equal(200, issue.GetInt64("Count"));
        Assert.InRange(issue.GetInt64("Pages")!.Value, 196, 204);
        Assert.Equal(1, issue.GetInt64("Origins"));
        Assert.Equal(2, issue.GetInt64("FingerprintScheme"));
        Assert.Equal($"script-src-elem blocked {blocked}", issue.GetString("Title"));
        var reach = IssueReach.FromBytes(issue.GetBinary("Reach"))!;
        Assert.Equal(IssueReach.TopPagesShown, reach.TopPages.Count);
        Assert.All(reach.TopPages, p => Assert.StartsWith("https://shop.example/product/", p.Item));

        // The issue-level entity holds first seen ever; the alert came once for the problem, not per page.
        // Written after the counts of the group that first saw the issue (one group may carry all 200 reports).
        var first = (await Eventually.MatchAsync(async () => await pipeline.Issues.GetEntityIfExistsAsync<TableEntity>("issue", issue.RowKey),
            e => e.HasValue, TimeSpan.FromSeconds(30), "the issue-level entity")).Value!;
        // (The first group written may not hold the very first report received: its first seen can be a moment later.)
        Assert.InRange(first.GetDateTimeOffset("FirstSeen")!.Value, issue.GetDateTimeOffset("FirstSeen")!.Value, issue.GetDateTimeOffset("LastSeen")!.Value);
        await Eventually.MatchAsync(() => Task.FromResult(ReachKit.Occurrences(pipeline.App.Output, $"NewIssue csp-violation: script-src-elem blocked {blocked} ")),
            n => n >= 1, TimeSpan.FromSeconds(30), "the NewIssue event");
        Assert.Equal(1, ReachKit.Occurrences(pipeline.App.Output, $"NewIssue csp-violation: script-src-elem blocked {blocked} "));

        // The read API: the issue with its pages, top pages and browsers.
        var type = issue.GetString("Type");
        var fingerprint = issue.GetString("Fingerprint");
        using var response = await pipeline.Http.GetAsync(new Uri(pipeline.App.BaseUrl, $"/api/read/issues?type={type}&fingerprint={fingerprint}&from={issue.PartitionKey}&to={issue.PartitionKey}"));
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var item = Assert.Single(json.RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal(200, item.GetProperty("count").GetInt64());
        Assert.InRange(item.GetProperty("pages").GetInt64(), 196, 204);
        Assert.Equal(10, item.GetProperty("topPages").GetArrayLength());
        Assert.Equal(["Chrome 156", "Firefox 133"], item.GetProperty("browsers").EnumerateArray().Select(b => b.GetProperty("name").GetString()));
        Assert.Equal([150L, 50L], item.GetProperty("browsers").EnumerateArray().Select(b => b.GetProperty("count").GetInt64()));
    }

    [Fact]
    public async Task Three_inline_samples_on_one_page_are_three_issues_and_one_sample_on_40_pages_is_one_issue_of_40_pages()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var site = NewSite();
        var samples = new[] { $"window.dataLayer=[] /*{run}*/", $"gtag('config','{run}')", $"console.log('{run}')" };
        await ReachKit.PostAsync(pipeline, samples.Select(s => ReachKit.Csp("https://blog.example/about", "inline", s)), site);
        var threeIssues = await ReachKit.DigestAsync(pipeline, site, 3);
        Assert.Equal(3, threeIssues.Count);
        Assert.All(threeIssues, i => Assert.Equal(1, i.GetInt64("Pages")));

        var other = NewSite();
        var sample = $"window.dataLayer = window.dataLayer || [] /*{run}*/";
        await ReachKit.PostAsync(pipeline, Enumerable.Range(0, 40).Select(i => ReachKit.Csp($"https://blog.example/post/{i}", "inline", sample)), other);
        var one = Assert.Single(await ReachKit.DigestAsync(pipeline, other, 40));
        Assert.Equal(40, one.GetInt64("Count"));
        Assert.Equal(40, one.GetInt64("Pages"));
        Assert.Equal($"script-src-elem blocked inline: {sample}", one.GetString("Title"));
        await Eventually.MatchAsync(() => Task.FromResult(ReachKit.Occurrences(pipeline.App.Output, run)), n => n >= 4, TimeSpan.FromSeconds(30), "4 NewIssue events");
        Assert.Equal(1, ReachKit.Occurrences(pipeline.App.Output, $"NewIssue csp-violation: script-src-elem blocked inline: {sample}"));
    }
}

/// <summary>The NewIssue throttle through the real pipeline: 1,000 new problems in a minute page someone at most the limit.</summary>
public class NewIssueThrottlePipelineTests(ThrottledAlertsPipeline pipeline) : IClassFixture<ThrottledAlertsPipeline>
{
    [Fact]
    public async Task A_thousand_new_problems_in_a_minute_raise_the_limit_of_NewIssue_events_and_record_each_problem_once()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var site = NewSite();
        var started = DateTimeOffset.UtcNow;
        await ReachKit.PostAsync(pipeline, Enumerable.Range(0, 1000).Select(i => ReachKit.Csp($"https://deploy.example/p{i % 13}", $"https://h{i}-{run}.example/x.js")), site, perDelivery: 50);
        Assert.True(DateTimeOffset.UtcNow - started < TimeSpan.FromMinutes(1), "the 1,000 problems took more than a minute to send");
        var issues = await ReachKit.DigestAsync(pipeline, site, 1000);
        Assert.Equal(1000, issues.Count);

        // Each problem's issue-level entity is written exactly once (the insert decides "new"), and only the limit is announced.
        var recorded = await Eventually.MatchAsync(async () =>
            {
                var found = 0;
                await foreach (var e in pipeline.Issues.QueryAsync<TableEntity>(e => e.PartitionKey == "issue"))
                    if (e.GetString("Title")!.Contains(run, StringComparison.Ordinal))
                        found++;
                return found;
            }, n => n >= 1000, TimeSpan.FromSeconds(60), "1,000 issue-level entities");
        Assert.Equal(1000, recorded);
        Assert.Equal(ThrottledAlertsPipeline.Limit, ReachKit.Occurrences(pipeline.App.Output, "NewIssue csp-violation: "));
        Assert.DoesNotContain("NewIssue summary", pipeline.App.Output, StringComparison.Ordinal); // at the end of the hour
    }
}
