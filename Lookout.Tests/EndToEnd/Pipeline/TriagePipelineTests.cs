using Lookout.Core.Records;
using System.Net;
using System.Text;
using Azure.Data.Tables;
using Lookout.Tests.Pipeline.Harness;
using static Lookout.Tests.Pipeline.Harness.LookoutPipeline;

namespace Lookout.Tests.Pipeline;

public sealed class TriagePipeline : LookoutPipeline
{
    public const string Rules = "ads: drop when blocked-host ~ *.doubleclick.net; fonts: flag when directive = font-src and blocked = data";

    protected override IDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Lookout__NoiseRules"] = Rules,
        [QueueSetting("maxPollingInterval")] = "00:00:00.200",
    };
}

public sealed class DropNoisePipeline : LookoutPipeline
{
    protected override IDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Lookout__DropNoise"] = "true",
        [QueueSetting("maxPollingInterval")] = "00:00:00.200",
    };
}

/// <summary>Reports of one delivery, built so each exercises one part of triage; a run id keeps their issues apart.</summary>
internal static class TriageReports
{
    public static string Csp(string run, string blocked, string directive = "script-src-elem", string page = "p", string query = "") =>
        $$$"""{"type":"csp-violation","age":1,"url":"https://triage.example/{{{run}}}/{{{page}}}{{{query}}}","user_agent":"UA","body":{"documentURL":"https://triage.example/{{{run}}}/{{{page}}}{{{query}}}","blockedURL":"{{{blocked}}}","effectiveDirective":"{{{directive}}}","disposition":"enforce","sourceFile":"https://triage.example/app.js{{{query}}}","referrer":"https://mail.example/open{{{query}}}"}}""";

    public static byte[] Delivery(params string[] reports) => Encoding.UTF8.GetBytes("[" + string.Join(",", reports) + "]");
}

/// <summary>Noise flags, user rules and scrubbing on real Azurite through the standalone host.</summary>
public class TriagePipelineTests(TriagePipeline pipeline) : IClassFixture<TriagePipeline>
{
    private static string Today => UtcDay.Of(DateTimeOffset.UtcNow).ToString();

    private async Task<List<TableEntity>> DigestOfSiteAsync(string site, long total) =>
        await Eventually.MatchAsync(async () => (await pipeline.IssuesOfDayAsync(Today)).Where(i => i.GetString("Sites") == site).ToList(),
            issues => issues.Sum(i => i.GetInt64("Count") ?? 0) >= total, TimeSpan.FromSeconds(60), $"digest of {site} reaching {total}");

    private Task QueueDrainedAsync() =>
        Eventually.MatchAsync(async () => (await pipeline.Queue.GetPropertiesAsync()).Value.ApproximateMessagesCount, n => n == 0,
            TimeSpan.FromSeconds(60), "queue drained");

    [Fact]
    public async Task Noise_is_flagged_on_rows_and_digest_and_drop_rules_store_no_row()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var site = NewSite();
        using var response = await pipeline.PostAsync(TriageReports.Delivery(
            TriageReports.Csp(run, "https://cdn.triage.example/app.js", page: "clean"),
            TriageReports.Csp(run, "chrome-extension://abcdefghijklmnop/inject.js", page: "ext"),
            TriageReports.Csp(run, "https://gc.kis.v2.scr.kaspersky-labs.com/main.js", page: "av"),
            TriageReports.Csp(run, "data", directive: "font-src", page: "font"),
            TriageReports.Csp(run, "https://ad.doubleclick.net/pixel.js", page: "ads"),
            TriageReports.Csp(run, "https://ad.doubleclick.net/pixel.js", page: "ads")), "application/reports+json", site);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);

        // The digest counts everything, dropped reports included, and carries each issue's noise flag.
        var issues = await DigestOfSiteAsync(site, 6);
        var noiseByPage = issues.ToDictionary(i => i.GetString("Title")!.Split('/')[^1], i => (Noise: i.GetString("Noise"), Count: i.GetInt64("Count"), Rows: i.GetInt64("Rows")));
        Assert.Equal(("", 1L, 1L), noiseByPage["clean"]);
        Assert.Equal(("browser-extension", 1L, 1L), noiseByPage["ext"]);
        Assert.Equal(("injected-script", 1L, 1L), noiseByPage["av"]);
        Assert.Equal(("user-rule:fonts", 1L, 1L), noiseByPage["font"]);
        Assert.Equal(("user-rule:ads", 2L, 0L), noiseByPage["ads"]);

        await QueueDrainedAsync();
        var rows = await pipeline.Table.AllAsync(ReportTable.SiteIs(site));
        var noiseOfRows = rows.ToDictionary(r => r.GetString("DocumentUrl")!.Split('/')[^1], r => r.GetString("Noise") ?? "(none)");
        Assert.Equal(new Dictionary<string, string>
        {
            ["clean"] = "", ["ext"] = "browser-extension", ["av"] = "injected-script", ["font"] = "user-rule:fonts",
        }, noiseOfRows);
    }

    [Fact]
    public async Task A_report_with_a_token_in_every_url_stores_no_trace_of_it()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var site = NewSite();
        var report = TriageReports.Csp(run, "https://cdn.triage.example/lib.js?token=s3cr3tv4lue&page=2", query: "?token=s3cr3tv4lue&page=2");
        using var response = await pipeline.PostAsync(TriageReports.Delivery(report), "application/reports+json", site);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);

        var row = Assert.Single(await pipeline.RowsOfSiteAsync(site, 1));
        // The whole stored entity, every property (keys included), carries the filtered value and never the secret.
        foreach (var (name, value) in row)
            Assert.DoesNotContain("s3cr3tv4lue", Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "", StringComparison.Ordinal);
        foreach (var name in new[] { "Url", "DocumentUrl", "BlockedUrl", "SourceFile", "Referrer" })
            Assert.EndsWith("?token=[Filtered]&page=2", row.GetString(name), StringComparison.Ordinal);
        Assert.Contains("\"blockedURL\":\"https://cdn.triage.example/lib.js?token=[Filtered]&page=2\"", row.GetString("Raw"), StringComparison.Ordinal);
        Assert.Contains("token=[Filtered]&page=2", row.GetString("Body"), StringComparison.Ordinal);
        Assert.Equal("Url,DocumentUrl,BlockedUrl,SourceFile,Referrer,Body,Raw", row.GetString("Scrubbed"));

        var issue = Assert.Single(await DigestOfSiteAsync(site, 1));
        foreach (var (name, value) in issue)
            Assert.DoesNotContain("s3cr3tv4lue", Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_rule_stops_the_app_at_startup_naming_the_rule()
    {
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => pipeline.StartAppAsync(new Dictionary<string, string>
        {
            ["Lookout__NoiseRules"] = "ads: drop when blocked-host ~ *.doubleclick.net; fonts: flag when directiv = font-src",
        }));
        Assert.Contains("Lookout__NoiseRules: rule 2 (\"fonts\"): unknown field 'directiv'", e.Message, StringComparison.Ordinal);
    }
}

/// <summary><c>Lookout__DropNoise=true</c>: noise is counted in the digest and stored as no row.</summary>
public class DropNoisePipelineTests(DropNoisePipeline pipeline) : IClassFixture<DropNoisePipeline>
{
    [Fact]
    public async Task Noise_is_counted_but_not_stored()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var site = NewSite();
        using var response = await pipeline.PostAsync(TriageReports.Delivery(
            TriageReports.Csp(run, "moz-extension", page: "ext"),
            TriageReports.Csp(run, "https://cdn.triage.example/app.js", page: "clean")), "application/reports+json", site);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);

        var day = UtcDay.Of(DateTimeOffset.UtcNow).ToString();
        var issues = await Eventually.MatchAsync(async () => (await pipeline.IssuesOfDayAsync(day)).Where(i => i.GetString("Sites") == site).ToList(),
            found => found.Count == 2, TimeSpan.FromSeconds(60), "two digest entities");
        var noisy = Assert.Single(issues, i => i.GetString("Noise") == "browser-extension");
        Assert.Equal(1, noisy.GetInt64("Count"));
        Assert.Equal(0, noisy.GetInt64("Rows"));

        // The clean row arrives in the same upsert as the dropped one would have: once it is there, nothing else comes.
        var row = Assert.Single(await pipeline.RowsOfSiteAsync(site, 1));
        Assert.Equal("", row.GetString("Noise"));
        Assert.EndsWith("/clean", row.GetString("DocumentUrl"), StringComparison.Ordinal);
        await Eventually.MatchAsync(async () => (await pipeline.Queue.GetPropertiesAsync()).Value.ApproximateMessagesCount, n => n == 0,
            TimeSpan.FromSeconds(60), "queue drained");
        Assert.Single(await pipeline.Table.AllAsync(ReportTable.SiteIs(site)));
    }
}
