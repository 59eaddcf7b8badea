using System.Text;
using Lookout.Tests.Browser;
using Lookout.Tests.Pipeline;
using Lookout.Tests.Pipeline.Harness;
using Xunit.Abstractions;

namespace Lookout.Tests.Dashboard;

/// <summary>The overview in headless Chromium says what a site limit counted but did not store today, and why.</summary>
[Trait("Category", "Browser")]
public class SiteLimitsDashboardTests(SiteLimitsPipeline pipeline, ITestOutputHelper output) : IClassFixture<SiteLimitsPipeline>
{
    [Fact]
    public async Task The_overview_names_the_reports_shed_by_the_issue_cap_and_the_allow_list()
    {
        ChromiumBrowser.RequireExecutable();
        var site = LookoutPipeline.NewSite();
        // 60 distinct issues in one delivery (10 over the cap of 50), and 3 reports about a host outside "fenced"'s list.
        var flood = Encoding.UTF8.GetBytes("[" + string.Join(",", Enumerable.Range(0, 60).Select(n => $"{{\"type\":\"a\",\"url\":\"https://h{n}.x\",\"body\":{{}}}}")) + "]");
        var foreign = Encoding.UTF8.GetBytes("[" + string.Join(",", Enumerable.Range(0, 3).Select(n => $"{{\"type\":\"a\",\"url\":\"https://evil.example/{n}\",\"body\":{{}}}}")) + "]");
        using (var response = await pipeline.PostAsync(flood, "application/reports+json", site))
            Assert.Equal(System.Net.HttpStatusCode.NoContent, response.StatusCode);
        using (var response = await pipeline.PostAsync(foreign, "application/reports+json", "fenced"))
            Assert.Equal(System.Net.HttpStatusCode.NoContent, response.StatusCode);
        await Eventually.MatchAsync(() => pipeline.OkAsync($"read/top?day={Read.ReadPipeline.Today}"),
            top => top.GetProperty("shed").GetProperty("overIssueCap").GetInt64() == 10 && top.GetProperty("shed").GetProperty("foreignHost").GetInt64() == 3,
            TimeSpan.FromSeconds(90), "shed counts in the read API");

        var dashboard = new Uri(pipeline.App.BaseUrl, "/api/dashboard");
        await using var browser = await ChromiumBrowser.LaunchAsync(new Uri(dashboard + "#key=" + pipeline.ReadKey), Convert.ToBase64String(new byte[32]));
        await using var tab = await DevToolsPage.AttachAsync(browser, "/api/dashboard", TimeSpan.FromSeconds(20));
        try
        {
            await tab.WaitForAsync("document.body.dataset.ready === '/' && document.getElementById('shed-today') !== null", "the overview's shed line");
            Assert.Equal("Counted but not stored today: 3 about hosts outside a site's allow-list (foreign-host); 10 beyond the issue cap of one delivery (over-issue-cap).",
                await tab.TextAsync("document.getElementById('shed-today').textContent"));
            Assert.Empty(tab.Errors);
        }
        catch
        {
            output.WriteLine("Lookout output:\n" + pipeline.App.Output);
            output.WriteLine("Chromium output:\n" + browser.Output);
            throw;
        }
    }
}
