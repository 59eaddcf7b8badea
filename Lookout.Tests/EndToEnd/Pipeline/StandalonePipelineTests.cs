using Lookout.Core.Records;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Lookout.Tests.Pipeline.Harness;

namespace Lookout.Tests.Pipeline;

/// <summary>Each wire format posted over real HTTP becomes the expected rows in real Azurite, under either host.</summary>
public class StandalonePipelineTests(StandalonePipeline pipeline) : WireFormatSuite(pipeline), IClassFixture<StandalonePipeline>;

/// <summary>The wire-format assertions; a subclass names the pipeline (and so the host) they run against.</summary>
public abstract partial class WireFormatSuite(LookoutPipeline pipeline)
{
    [GeneratedRegex("^[0-9]{19}_[0-9a-f]{32}_[0-9]{4}$")]
    private static partial Regex RowKeyShape();

    private async Task<List<TableEntity>> PostAndWait(string fixture, string contentType, int rows)
    {
        var site = LookoutPipeline.NewSite();
        using var response = await pipeline.PostAsync(Fixtures.Published(fixture), contentType, site);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var entities = await pipeline.RowsOfSiteAsync(site, rows);
        Assert.Equal(rows, entities.Count);
        var today = UtcDay.Of(DateTimeOffset.UtcNow).ToString();
        foreach (var entity in entities)
        {
            Assert.Matches(RowKeyShape(), entity.RowKey);
            Assert.Equal($"{entity.GetString("Type")}_{today}", entity.PartitionKey);
            Assert.NotNull(entity.GetDateTimeOffset("ReceivedAt"));
            Assert.False(string.IsNullOrEmpty(entity.GetString("Raw")));
            Assert.False(string.IsNullOrEmpty(entity.GetString("Body")));
        }
        return entities;
    }

    [SkippableFact]
    public async Task Legacy_csp_report_becomes_a_csp_violation_row()
    {
        var row = Assert.Single(await PostAndWait("csp-legacy/django-lookout-1.json", "application/csp-report", 1));
        Assert.Equal("csp-violation", row.GetString("Type"));
        Assert.Equal("csp-report", row.GetString("SourceFormat"));
        Assert.Equal("http://example.com/signup.html", row.GetString("DocumentUrl"));
        Assert.Equal("http://example.com/css/style.css", row.GetString("BlockedUrl"));
        Assert.Equal("style-src", row.GetString("EffectiveDirective"));
        Assert.Equal("report", row.GetString("Disposition"));
        Assert.Equal("LookoutTests/1.0", row.GetString("UserAgent"));
    }

    [SkippableFact]
    public async Task Firefox_style_csp_with_string_numbers_keeps_numbers_typed()
    {
        var row = Assert.Single(await PostAndWait("csp-legacy/django-csp-reports-1.json", "application/csp-report; charset=utf-8", 1));
        Assert.Equal(36, row.GetInt64("LineNumber"));
        Assert.Equal(32, row.GetInt64("ColumnNumber"));
        Assert.Equal("http://dangerous.example.cz/", row.GetString("BlockedUrl"));
    }

    [SkippableFact]
    public async Task Reporting_api_batch_becomes_one_row_per_report_with_incident_time()
    {
        var rows = await PostAndWait("csp-violation/go-csp-collector-1.json", "application/reports+json", 3);
        Assert.All(rows, r => Assert.Equal("csp-violation", r.GetString("Type")));
        Assert.All(rows, r => Assert.Equal("script-src-elem", r.GetString("EffectiveDirective")));
        Assert.All(rows, r => Assert.Equal("reporting-api", r.GetString("SourceFormat")));
        Assert.Contains(rows, r => r.GetString("BlockedUrl") == "inline");
        var row = rows[0];
        Assert.Equal(row.GetDateTimeOffset("ReceivedAt")!.Value.AddMilliseconds(-156165), row.GetDateTimeOffset("IncidentAt"));
        Assert.StartsWith("Mozilla/5.0 (Macintosh", row.GetString("UserAgent"));
    }

    [SkippableFact]
    public async Task Network_error_reports_are_stored_with_their_fields()
    {
        var rows = await PostAndWait("network-error/nel-collector-2.json", "application/reports+json", 2);
        Assert.All(rows, r => Assert.Equal("network-error", r.GetString("Type")));
        Assert.Equal(["203.0.113.75", "203.0.113.76"], rows.Select(r => r.GetString("ServerIp")).Order());
        Assert.All(rows, r => Assert.Equal("application", r.GetString("Phase")));
        Assert.All(rows, r => Assert.Equal(200, r.GetInt64("StatusCode")));
    }

    [SkippableFact]
    public async Task Hpkp_report_posted_as_json_is_recognised()
    {
        var row = Assert.Single(await PostAndWait("hpkp/django-lookout-1.json", "application/json; charset=utf-8", 1));
        Assert.Equal("hpkp", row.GetString("Type"));
        Assert.Equal("www.example.com", row.GetString("Hostname"));
        Assert.Equal(443, row.GetInt64("Port"));
        Assert.Equal(new DateTimeOffset(2014, 4, 6, 13, 0, 50, TimeSpan.Zero), row.GetDateTimeOffset("IncidentAt"));
    }

    [SkippableFact]
    public async Task Expect_ct_report_is_recognised()
    {
        var row = Assert.Single(await PostAndWait("expect-ct/django-lookout-1.json", "application/expect-ct-report+json", 1));
        Assert.Equal("expect-ct", row.GetString("Type"));
        Assert.Equal("www.example.com", row.GetString("Hostname"));
        Assert.Equal(443, row.GetInt64("Port"));
    }

    [SkippableFact]
    public async Task Expect_staple_report_is_recognised()
    {
        var row = Assert.Single(await PostAndWait("expect-staple/django-lookout-1.json", "application/json", 1));
        Assert.Equal("expect-staple", row.GetString("Type"));
        Assert.Equal("www.example.com", row.GetString("Hostname"));
    }

    [SkippableFact]
    public async Task An_unrecognised_report_is_kept_as_unknown_with_its_raw_text()
    {
        var site = LookoutPipeline.NewSite();
        var body = "{\"hello\":\"world\",\"n\":[1,2,3]}"u8.ToArray();
        using var response = await pipeline.PostAsync(body, "application/json", site);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var row = Assert.Single(await pipeline.RowsOfSiteAsync(site, 1));
        Assert.Equal("unknown", row.GetString("Type"));
        Assert.Equal(Encoding.UTF8.GetString(body), row.GetString("Raw"));
        Assert.False(string.IsNullOrEmpty(row.GetString("UnknownReason")));
    }

    [SkippableFact]
    public async Task A_large_batch_is_split_across_messages_and_every_report_lands_once()
    {
        const int count = 300;
        var reports = Enumerable.Range(0, count).Select(i =>
            $$$"""{"type":"deprecation","age":{{{i}}},"url":"https://example.com/{{{i}}}","user_agent":"UA","body":{"id":"dep{{{i}}}","message":"{{{new string('m', 1000)}}}","sourceFile":"https://example.com/app.js","lineNumber":{{{i}}}}}""");
        var body = Encoding.UTF8.GetBytes("[" + string.Join(",", reports) + "]");
        Assert.True(body.Length > 3 * 48 * 1024, "the batch must need several queue messages");

        var site = LookoutPipeline.NewSite();
        using var response = await pipeline.PostAsync(body, "application/reports+json", site);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);

        var rows = await pipeline.RowsOfSiteAsync(site, count, TimeSpan.FromSeconds(60));
        Assert.Equal(count, rows.Count);
        Assert.Equal(Enumerable.Range(0, count).Select(i => i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture)),
            rows.Select(r => r.RowKey[^4..]).Order());
        Assert.True(rows.Select(r => r.GetString("EnvelopeId")).Distinct().Count() == 1, "one delivery, one envelope id");
        Assert.Equal(Enumerable.Range(0, count).Select(i => (long)i).Order(), rows.Select(r => r.GetInt64("LineNumber")!.Value).Order());
    }

    [SkippableFact]
    public async Task Health_reports_queue_and_table_reachable()
    {
        using var response = await pipeline.Http.GetAsync(new Uri(pipeline.App.BaseUrl, "/api/health"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"healthy\"", text);
        Assert.Contains(pipeline.QueueName, text);
    }
}
