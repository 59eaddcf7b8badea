using System.Net;
using System.Text;
using Azure.Data.Tables;
using Lookout.Tests.Pipeline.Harness;
using Xunit.Abstractions;
using static Lookout.Tests.Pipeline.Harness.LookoutPipeline;

namespace Lookout.Tests.Pipeline;

public sealed class DigestPipeline : LookoutPipeline
{
    protected override IDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Lookout__MaxRowsPerIssuePerDay"] = "100",
        [QueueSetting("maxPollingInterval")] = "00:00:00.200",
        // A killed process's in-flight messages come back this soon (the kill test waits for them).
        ["Lookout__Standalone__ProcessingTimeoutSeconds"] = "2",
    };
}

/// <summary>
/// Reports grouped into issues on real Azurite: exact counts per (day, type, fingerprint), rows capped per
/// issue per day, two instances racing on the same issues, the NewIssue event, and SIGKILLs mid-drain.
/// </summary>
public class IssueDigestTests(DigestPipeline pipeline, ITestOutputHelper output) : IssueDigestSuite(pipeline), IClassFixture<DigestPipeline>
{
    [Fact]
    public async Task Two_instances_racing_on_the_same_issues_keep_exact_counts()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        string[] issueHosts = [$"{run}-x", $"{run}-y"];
        await using var second = await Pipeline.StartAppAsync();
        var site = NewSite();
        // 400 single-report deliveries: many messages, so both pollers take batches of the same issues.
        var deliveries = Enumerable.Range(0, 400).Select(n => Delivery([CspReport(issueHosts[n % 2], n)]));
        await PostAllAsync(deliveries, site);

        var issues = await IssuesOfHostsAsync(issueHosts, 400, TimeSpan.FromSeconds(120));
        Assert.Equal(2, issues.Count);
        Assert.All(issues, i => Assert.Equal(200, i.GetInt64("Count")));
        Assert.All(issues, i => Assert.Equal(100, i.GetInt64("Rows")));
        await QueueDrainedAsync();
        Assert.Equal(200, (await Pipeline.Table.AllAsync(ReportTable.SiteIs(site))).Count);
        // Both processes normalized messages (otherwise nothing raced).
        Assert.Contains("Standalone poller watching", second.Output);
    }

    [Trait("Category", "Slow")] // left out of ./test.sh --quick
    [Fact]
    public async Task Killing_the_process_ten_times_while_a_backlog_drains_keeps_counts_exact()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        string[] issueHosts = [$"{run}-k1", $"{run}-k2", $"{run}-k3"];
        const int deliveries = 600, perDelivery = 5, total = deliveries * perDelivery;
        var site = NewSite();
        await using (var ingestOnly = await Pipeline.StartAppAsync(new Dictionary<string, string> { ["Lookout__Standalone__Poller"] = "false" }))
        {
            // Fill the backlog through a second, poller-less instance while the main one is down.
            await Pipeline.App.KillAsync();
            using var http = new HttpClient();
            await Parallel.ForEachAsync(Enumerable.Range(0, deliveries), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (d, _) =>
            {
                using var content = new ByteArrayContent(Delivery(Enumerable.Range(0, perDelivery).Select(i => CspReport(issueHosts[(d + i) % 3], d * perDelivery + i))));
                content.Headers.TryAddWithoutValidation("Content-Type", "application/reports+json");
                using var response = await http.PostAsync(new Uri(ingestOnly.ReportsUrl + "?site=" + site), content);
                Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
            });
        }

        var random = new Random(42);
        for (var kill = 0; kill < 10; kill++)
        {
            await Pipeline.RestartAppAsync();
            await Task.Delay(random.Next(50, 400)); // a random moment of the drain, on purpose
            await Pipeline.App.KillAsync();
        }
        await Pipeline.RestartAppAsync();

        var issues = await IssuesOfHostsAsync(issueHosts, total, TimeSpan.FromSeconds(180));
        await QueueDrainedAsync();
        var counted = issues.Sum(i => i.GetInt64("Count")!.Value);
        output.WriteLine($"{total} reports sent, {counted} counted after 10 kills");
        // docs/schema.md, "Exact counts": a message redelivered after a kill finds its marker and adds nothing.
        Assert.Equal(total, counted);
        var rows = await Pipeline.Table.AllAsync(ReportTable.SiteIs(site));
        Assert.All(rows.GroupBy(r => r.GetString("Fingerprint")), g => Assert.True(g.Count() <= 100));
    }
}

/// <summary>Digest assertions every host must meet (its own concurrency drains the queue); a subclass names the pipeline.</summary>
public abstract class IssueDigestSuite(LookoutPipeline pipeline)
{
    protected LookoutPipeline Pipeline => pipeline;

    /// <summary>A Chromium-shaped CSP report; <paramref name="issue"/> picks the blocked host (the issue), <paramref name="n"/> only varies the page and noise.</summary>
    protected static string CspReport(string issue, int n) =>
        $$$"""{"type":"csp-violation","age":{{{n % 50}}},"url":"https://digest.example/p{{{n % 7}}}?n={{{n}}}","user_agent":"UA","body":{"documentURL":"https://digest.example/p{{{n % 7}}}?n={{{n}}}","blockedURL":"https://{{{issue}}}.evil.example/x{{{n}}}.js","effectiveDirective":"script-src-elem","disposition":"enforce","lineNumber":{{{n}}},"sourceFile":"https://digest.example/app.js?v={{{n}}}"}}""";

    protected static string TitleOf(string issue) => $"script-src-elem blocked https://{issue}.evil.example";

    protected static byte[] Delivery(IEnumerable<string> reports) => Encoding.UTF8.GetBytes("[" + string.Join(",", reports) + "]");

    protected async Task PostAllAsync(IEnumerable<byte[]> deliveries, string site)
    {
        await Parallel.ForEachAsync(deliveries, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (body, _) =>
        {
            using var response = await pipeline.PostAsync(body, "application/reports+json", site);
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        });
    }

    protected async Task<List<TableEntity>> IssuesOfHostsAsync(string[] issueHosts, long total, TimeSpan timeout)
    {
        var titles = issueHosts.Select(TitleOf).ToHashSet();
        return await Eventually.MatchAsync(async () =>
            {
                var issues = new List<TableEntity>();
                // Day partitions only: the issue-level entities (partition "issue") carry the title too, but no counts.
                await foreach (var e in pipeline.Issues.QueryAsync<TableEntity>(e => e.PartitionKey != "issue"))
                    if (titles.Contains(e.GetString("Title")))
                        issues.Add(e);
                return issues;
            },
            issues => issues.Sum(i => i.GetInt64("Count") ?? 0) >= total, timeout, $"digest counts reaching {total}");
    }

    /// <summary>Until no message is left, visible or in flight (the approximate count includes both).</summary>
    protected Task QueueDrainedAsync() =>
        Eventually.MatchAsync(async () => (await pipeline.Queue.GetPropertiesAsync()).Value.ApproximateMessagesCount, n => n == 0,
            TimeSpan.FromSeconds(60), "queue drained");

    [SkippableFact]
    public async Task Ten_thousand_reports_of_three_issues_give_three_digest_entities_with_exact_counts_and_capped_rows()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        string[] issueHosts = [$"{run}-a", $"{run}-b", $"{run}-c"];
        // 100 deliveries of 100 reports; issue i gets every third report, so counts are 3334, 3333, 3333.
        var reports = Enumerable.Range(0, 10_000).Select(n => CspReport(issueHosts[n % 3], n)).ToList();
        var site = NewSite();
        var before = DateTimeOffset.UtcNow;
        await PostAllAsync(reports.Chunk(100).Select(Delivery), site);
        var after = DateTimeOffset.UtcNow;

        var issues = await IssuesOfHostsAsync(issueHosts, 10_000, TimeSpan.FromSeconds(120));
        Assert.Equal(3, issues.Count);
        var expected = new Dictionary<string, long> { [issueHosts[0]] = 3334, [issueHosts[1]] = 3333, [issueHosts[2]] = 3333 };
        foreach (var issue in issues)
        {
            var page = issueHosts.Single(p => issue.GetString("Title") == TitleOf(p));
            Assert.Equal(expected[page], issue.GetInt64("Count"));
            Assert.Equal(100, issue.GetInt64("Rows"));
            Assert.Equal("csp-violation", issue.GetString("Type"));
            Assert.Equal(site, issue.GetString("Sites"));
            Assert.Equal("script-src-elem", issue.GetString("EffectiveDirective"));
            var first = issue.GetDateTimeOffset("FirstSeen")!.Value;
            var last = issue.GetDateTimeOffset("LastSeen")!.Value;
            Assert.InRange(first, before.AddSeconds(-1), last);
            Assert.InRange(last, first, after.AddSeconds(1));
            // The sample pointer names a stored row of this issue.
            var sample = await pipeline.Table.Client.GetEntityAsync<TableEntity>(issue.GetString("SamplePartitionKey"), issue.GetString("SampleRowKey"));
            Assert.Equal(issue.GetString("Fingerprint"), sample.Value.GetString("Fingerprint"));
        }

        // At most MaxRowsPerIssuePerDay rows per issue; their times lie inside the digest's first/last seen.
        // Rows are written before a message is deleted: once the queue is empty, every row is in.
        await QueueDrainedAsync();
        var rows = await pipeline.Table.AllAsync(ReportTable.SiteIs(site));
        Assert.Equal(300, rows.Count);
        foreach (var group in rows.GroupBy(r => r.GetString("Fingerprint")))
        {
            var issue = issues.Single(i => i.GetString("Fingerprint") == group.Key);
            Assert.Equal(100, group.Count());
            Assert.All(group, r => Assert.InRange(r.GetDateTimeOffset("ReceivedAt")!.Value, issue.GetDateTimeOffset("FirstSeen")!.Value, issue.GetDateTimeOffset("LastSeen")!.Value));
        }
        Assert.Contains("NewIssue csp-violation: " + TitleOf(issueHosts[0]), pipeline.App.Output);
    }
}
