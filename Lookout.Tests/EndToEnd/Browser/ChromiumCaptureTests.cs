using System.Text.Json;
using Xunit.Abstractions;

namespace Lookout.Tests.Browser;

/// <summary>
/// Real headless Chromium against the test site: every case's report reaches the capture endpoint
/// with the content type and report fields the page caused.
/// </summary>
[Trait("Category", "Browser")]
public sealed class ChromiumCaptureTests(BrowserHarness harness, ITestOutputHelper output) : IClassFixture<BrowserHarness>
{
    [Theory]
    [MemberData(nameof(BrowserCases.Ids), MemberType = typeof(BrowserCases))]
    public async Task Chromium_delivers_the_report_the_page_caused(string caseId)
    {
        var run = await harness.RunAsync(caseId);
        var c = run.Case;
        output.WriteLine($"{caseId}: {run.Deliveries.Count} deliveries, {run.Preflights} preflights, {run.Elapsed.TotalMilliseconds:0} ms");
        foreach (var d in run.Deliveries)
            output.WriteLine($"  {d.ContentType}: {d.BodyText}");

        Assert.Contains(run.Deliveries, c.IsSatisfiedBy);
        var match = run.Deliveries.First(c.IsSatisfiedBy);
        Assert.StartsWith(c.ContentType, match.ContentType, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(c.ReportType, BrowserCase.ReportTypes(match.Body));
        using var doc = JsonDocument.Parse(match.Body);
        var report = BrowserCase.Reports(doc.RootElement).First(c.Matches);
        if (c.ContentType == BrowserCases.ReportsJson)
        {
            // Reporting API shape: type, url of the page, body object, age, user_agent.
            Assert.Equal(c.ReportType, report.GetProperty("type").GetString());
            Assert.StartsWith(harness.Site.Origin.GetLeftPart(UriPartial.Authority), report.GetProperty("url").GetString());
            Assert.Equal(JsonValueKind.Object, report.GetProperty("body").ValueKind);
            Assert.True(report.TryGetProperty("user_agent", out _));
            // Cross-origin Reporting API uploads are always preflighted.
            Assert.True(run.Preflights >= 1, "expected a CORS preflight before the POST");
        }
        else
        {
            Assert.Equal(harness.Site.PageUrl(caseId).AbsoluteUri, report.GetProperty("document-uri").GetString());
            Assert.Equal("img-src", report.GetProperty("effective-directive").GetString());
        }
    }
}
