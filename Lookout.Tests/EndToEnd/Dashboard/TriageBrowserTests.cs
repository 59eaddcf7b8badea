using Lookout.Core.Alerts;
using Lookout.Tests.Alerts;
using Lookout.Tests.Browser;
using Lookout.Tests.Pipeline.Harness;
using Lookout.Tests.Read;
using Xunit.Abstractions;

namespace Lookout.Tests.Dashboard;

/// <summary>
/// Triage from the dashboard in headless Chromium (standalone host, Azurite, a loopback webhook): the issue page's
/// buttons ask for the write key, refuse the read key, resolve with the write key; the issue list shows and
/// filters the state; the next report is a regression that reopens it. Screenshots in TestResults/dashboard/.
/// </summary>
[Trait("Category", "Browser")]
public class TriageBrowserTests(AlertPipeline pipeline, ITestOutputHelper output) : IClassFixture<AlertPipeline>
{
    [Fact]
    public async Task Resolve_from_the_issue_page_with_the_write_key_then_a_report_reopens_it()
    {
        ChromiumBrowser.RequireExecutable();
        var issue = await pipeline.PostIssueAsync(LookoutPipeline.NewSite(), reports: 3);
        var id = issue.Type + "_" + issue.Fingerprint;
        var dashboard = new Uri(pipeline.App.BaseUrl, "/api/dashboard");
        await using var browser = await ChromiumBrowser.LaunchAsync(new Uri(dashboard + "#key=" + pipeline.ReadKey), Convert.ToBase64String(new byte[32]));
        await using var tab = await DevToolsPage.AttachAsync(browser, "/api/dashboard", TimeSpan.FromSeconds(20));
        try
        {
            await tab.WaitForAsync("document.body.dataset.ready === '/'", "the overview");
            await tab.EvaluateAsync($"location.hash = '#/issue?day={ReadPipeline.Today}&id={id}'");
            await tab.WaitForAsync("document.body.dataset.ready === '/issue' && document.getElementById('triage') !== null", "the issue page");
            Assert.Equal("open", await tab.TextAsync("document.getElementById('triage-state').dataset.state"));

            // No write key yet: the button asks for it. The read key is refused (403) and asked for again.
            await tab.EvaluateAsync("document.querySelector('.triage-button[data-state=resolved]').click()");
            await tab.WaitForAsync("!document.querySelector('#triage form').hidden", "the write-key form");
            await ScreenshotAsync(tab, "triage-key");
            await SubmitKeyAsync(tab, pipeline.ReadKey);
            await tab.WaitForAsync("document.getElementById('triage-status').textContent.includes('not accepted') && !document.querySelector('#triage form').hidden", "the refusal");
            Assert.Equal("open", await TriageStateAsync(issue));
            Assert.All(tab.Errors, e => Assert.Contains("403", e)); // the browser logs the refused request
            while (tab.Errors.TryDequeue(out _)) { }

            await SubmitKeyAsync(tab, pipeline.WriteKey);
            await tab.WaitForAsync("document.getElementById('triage-state').dataset.state === 'resolved'", "the resolved state");
            Assert.Equal("resolved", await TriageStateAsync(issue));
            Assert.Equal("true", await tab.TextAsync("String(document.querySelector('.triage-button[data-state=resolved]').disabled)"));
            await ScreenshotAsync(tab, "triage");

            // The list shows the state and filters by it.
            await tab.EvaluateAsync($"location.hash = '#/issues?site={issue.Site}&state=resolved'");
            await tab.WaitForAsync("document.body.dataset.ready === '/issues' && document.querySelectorAll('[data-testid=issue]').length > 0", "the filtered issue list");
            var rows = await tab.EvaluateAsync("[...document.querySelectorAll('[data-testid=issue]')].map(r => [r.dataset.state, r.querySelector('.state').textContent])");
            Assert.Equal([["resolved", "resolved"]], rows.EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.GetString()).ToArray()));
            Assert.Equal("resolved", await tab.TextAsync("document.getElementById('filter-state').value"));
            await ScreenshotAsync(tab, "issues-triage");
            await tab.EvaluateAsync($"(() => {{ const s = document.getElementById('filter-state'); s.value = 'muted'; s.dispatchEvent(new Event('change')); }})()");
            await tab.WaitForAsync("location.hash.includes('state=muted') && document.body.dataset.ready === '/issues'", "the list of muted issues");
            Assert.Equal(0, (await tab.EvaluateAsync("document.querySelectorAll('[data-testid=issue]').length")).GetInt32());

            // The next report is a regression: one alert, and the issue page shows it open again.
            await pipeline.PostReportsAsync([AlertPipeline.Csp(issue.Site + ".blocked.example", issue.Site, 9)], issue.Site);
            await Eventually.MatchAsync(() => Task.FromResult(pipeline.Receiver.Delivered("/json").Count(r => r.Rule == AlertRules.Regression && r.Text.Contains(issue.Fingerprint))),
                n => n == 1, TimeSpan.FromSeconds(60), "the regression alert");
            await tab.EvaluateAsync($"location.hash = '#/issue?day={ReadPipeline.Today}&id={id}'");
            await tab.WaitForAsync("document.body.dataset.ready === '/issue' && document.getElementById('triage-state').dataset.state === 'open'", "the reopened issue");
            Assert.Empty(tab.Errors);
        }
        catch
        {
            output.WriteLine("Lookout output:\n" + pipeline.App.Output);
            output.WriteLine("Chromium output:\n" + browser.Output);
            throw;
        }
    }

    [Fact]
    public async Task Noise_rules_edited_in_the_dashboard_are_checked_and_flag_the_next_reports()
    {
        ChromiumBrowser.RequireExecutable();
        var site = LookoutPipeline.NewSite();
        var dashboard = new Uri(pipeline.App.BaseUrl, "/api/dashboard");
        await using var browser = await ChromiumBrowser.LaunchAsync(new Uri(dashboard + "#key=" + pipeline.ReadKey), Convert.ToBase64String(new byte[32]));
        await using var tab = await DevToolsPage.AttachAsync(browser, "/api/dashboard", TimeSpan.FromSeconds(20));
        try
        {
            await tab.WaitForAsync("document.body.dataset.ready === '/'", "the overview");
            await tab.EvaluateAsync("location.hash = '#/rules'");
            await tab.WaitForAsync("document.body.dataset.ready === '/rules'", "the rules page");
            Assert.Equal("(none)", await tab.TextAsync("document.getElementById('rules-configured').textContent"));

            // A mistake is refused with the same message the setting would give at startup.
            await SaveRulesAsync(tab, "typo: flag when directiv = font-src", pipeline.WriteKey);
            await tab.WaitForAsync("document.getElementById('rules-status').dataset.result === 'error'", "the refusal");
            Assert.Contains("unknown field 'directiv'", await tab.TextAsync("document.getElementById('rules-status').textContent"));
            await ScreenshotAsync(tab, "rules-error");

            await SaveRulesAsync(tab, $"mine: flag when site = {site}", null);
            await tab.WaitForAsync("document.getElementById('rules-status').dataset.result === 'saved'", "the saved rules");
            await ScreenshotAsync(tab, "rules");
            Assert.Equal($"mine: flag when site = {site}", (await pipeline.OkAsync("read/triage/rules")).GetProperty("runtime").GetString());

            // Normalize applies it: the next report of that site is flagged by the rule.
            await pipeline.PostReportsAsync([AlertPipeline.Csp(site + ".blocked.example", site, 1)], site);
            var rows = await pipeline.RowsOfSiteAsync(site, 1, TimeSpan.FromSeconds(60));
            Assert.Equal("user-rule:mine", rows[0].GetString("Noise"));
            Assert.DoesNotContain(tab.Errors, e => !e.Contains("400", StringComparison.Ordinal));
        }
        catch
        {
            output.WriteLine("Lookout output:\n" + pipeline.App.Output);
            output.WriteLine("Chromium output:\n" + browser.Output);
            throw;
        }
    }

    private static Task SaveRulesAsync(DevToolsPage tab, string rules, string? writeKey) =>
        tab.EvaluateAsync($$"""
            (() => { document.getElementById('rules-text').value = {{System.Text.Json.JsonSerializer.Serialize(rules)}};
              const key = document.getElementById('rules-write-key'); if ({{(writeKey is null ? "false" : "true")}}) key.value = '{{writeKey}}';
              document.getElementById('rules-form').requestSubmit(); })()
            """);

    private static Task SubmitKeyAsync(DevToolsPage tab, string key) =>
        tab.EvaluateAsync($"(() => {{ document.getElementById('write-key').value = '{key}'; document.querySelector('#triage form').requestSubmit(); }})()");

    private async Task<string> TriageStateAsync(Issue issue)
    {
        var list = await pipeline.OkAsync("read/triage");
        var item = list.GetProperty("items").EnumerateArray().FirstOrDefault(i => i.GetProperty("fingerprint").GetString() == issue.Fingerprint);
        return item.ValueKind == System.Text.Json.JsonValueKind.Undefined ? "open" : item.GetProperty("state").GetString()!;
    }

    private Task ScreenshotAsync(DevToolsPage tab, string name) => Screenshots.TakeAsync(tab, name, output);
}
