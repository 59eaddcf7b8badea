using Lookout.Core.Policy;
using Lookout.Tests.Browser;
using Lookout.Tests.Pipeline.Harness;
using Lookout.Tests.Read;
using Lookout.Tests.Support;
using Xunit.Abstractions;

namespace Lookout.Tests.Dashboard;

/// <summary>
/// The Policies pages in headless Chromium after report-only CSP reports arrived over HTTP: the list with the
/// verdict, one policy with its text (attacker-controlled: rendered as text), the suggested text marked against
/// it, and links to the issues behind each suggestion. Screenshot: TestResults/dashboard/policy.png.
/// </summary>
[Trait("Category", "Browser")]
public class PolicyDashboardTests(ReadPipeline pipeline, ITestOutputHelper output) : IClassFixture<ReadPipeline>
{
    private static readonly string Shots = Path.Combine(RepoPaths.Root, "TestResults", "dashboard");

    [Fact]
    public async Task The_policy_page_shows_the_suggested_text_against_the_current_one_with_its_issues_and_verdict()
    {
        ChromiumBrowser.RequireExecutable();
        var site = LookoutPipeline.NewSite();
        // Markup in a policy is only text: it must never become an element.
        var policy = "default-src 'self'; script-src 'self' https://cdn.shop.example; img-src 'self' <b>x</b>; report-to main";
        var reports = new List<string>();
        foreach (var (host, pages) in new[] { ("https://widgets.partner.example", 4), ("https://fonts.cdn.example", 3), ("https://once.tracker.example", 1) })
            for (var p = 0; p < pages; p++)
                foreach (var agent in new[] { "Chrome/142", "Firefox/140" })
                    reports.Add($$$"""{"type":"csp-violation","age":1,"url":"https://shop.example/{{{site}}}/p{{{p}}}","user_agent":"{{{agent}}}","body":{"documentURL":"https://shop.example/{{{site}}}/p{{{p}}}","blockedURL":"{{{host}}}/x.js","effectiveDirective":"script-src-elem","disposition":"report","originalPolicy":"{{{policy}}}"}}""");
        await pipeline.PostReportsAsync(reports, site, perDelivery: 6);
        await pipeline.WaitForDigestAsync(site, reports.Count);
        var id = PolicyText.Id(PolicyText.Normalize(policy));

        var dashboard = new Uri(pipeline.App.BaseUrl, "/api/dashboard");
        await using var browser = await ChromiumBrowser.LaunchAsync(new Uri(dashboard + "#key=" + pipeline.ReadKey), Convert.ToBase64String(new byte[32]));
        await using var tab = await DevToolsPage.AttachAsync(browser, "/api/dashboard", TimeSpan.FromSeconds(20));
        try
        {
            await tab.WaitForAsync("document.body.dataset.ready === '/'", "the overview");
            await tab.EvaluateAsync("location.hash = '#/policies'");
            await tab.WaitForAsync($"document.body.dataset.ready === '/policies' && document.querySelector('[data-testid=policy][data-id=\"{id}\"]') !== null", "the policy list");
            var row = await tab.EvaluateAsync($$"""
                (() => { const r = document.querySelector('[data-testid=policy][data-id="{{id}}"]');
                  return { reports: r.dataset.reports, text: r.innerText, ready: r.querySelector('.verdict').dataset.ready }; })()
                """);
            Assert.Equal(reports.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), row.GetProperty("reports").GetString());
            Assert.Contains("report-only", row.GetProperty("text").GetString());
            Assert.Equal("false", row.GetProperty("ready").GetString());

            await tab.EvaluateAsync($"document.querySelector('[data-testid=policy][data-id=\"{id}\"] a').click()");
            await tab.WaitForAsync("document.body.dataset.ready === '/policy'", "the policy page");
            Assert.Equal(policy, (await tab.TextAsync("document.getElementById('policy-text').textContent"))!.Replace(";", "; ").Replace(";  ", "; "));
            Assert.Equal(0, (await tab.EvaluateAsync("document.querySelectorAll('#policy-text b, #policy-diff b').length")).GetInt32());

            // Two credible suggestions (4 and 3 pages, two clients each) are marked in the suggested text; the one-page host is listed, not suggested.
            var suggestions = await tab.EvaluateAsync("""
                [...document.querySelectorAll('[data-testid=suggestion]')].map(r => [r.dataset.source, r.dataset.credible, r.querySelector('a[href^="#/issue?id=csp-violation_"]') !== null])
                """);
            Assert.Equal([("https://widgets.partner.example", "true", true), ("https://fonts.cdn.example", "true", true), ("https://once.tracker.example", "false", true)],
                suggestions.EnumerateArray().Select(s => (s[0].GetString(), s[1].GetString(), s[2].GetBoolean())));
            var added = await tab.EvaluateAsync("[...document.querySelectorAll('#policy-diff ins')].map(i => i.textContent)");
            Assert.Equal(["script-src-elem", "https://widgets.partner.example", "https://fonts.cdn.example"],
                added.EnumerateArray().Select(a => a.GetString()));
            Assert.Contains("violation(s) that are not noise", await tab.TextAsync("document.getElementById('policy-verdict').textContent"));

            var path = Path.Combine(Shots, "policy.png");
            Assert.DoesNotContain("[object", await tab.TextAsync("document.body.innerText"));
            var png = await tab.ScreenshotAsync(path);
            Assert.True(png.Length > 10_000, $"policy.png is only {png.Length} bytes");
            output.WriteLine("screenshot: " + path);
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
