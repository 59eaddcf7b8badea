using System.Text.Json;
using Lookout.Tests.Browser;
using Lookout.Tests.Pipeline.Harness;
using Lookout.Tests.Read;
using Lookout.Tests.Support;
using Xunit.Abstractions;

namespace Lookout.Tests.Dashboard;

/// <summary>
/// The dashboard in headless Chromium against the standalone host on Azurite, after real reports arrived
/// over HTTP: the chart drew the types sent, the top issue's count is what was sent, a filter changes the
/// list and the URL, a report shows pretty JSON, no console errors, and a screenshot of every page
/// (TestResults/dashboard/*.png).
/// </summary>
[Trait("Category", "Browser")]
public class DashboardBrowserTests(ReadPipeline pipeline, ITestOutputHelper output) : IClassFixture<ReadPipeline>
{
    private const int TopCount = 37;

    [Fact]
    public async Task The_dashboard_shows_what_arrived()
    {
        ChromiumBrowser.RequireExecutable();
        var site = LookoutPipeline.NewSite();
        var page = $"{site}/checkout";
        // The top issue (37 CSP reports on one page), a smaller one (9 on another), and 12 NEL reports.
        var reports = Enumerable.Range(0, TopCount).Select(n => ReadPipeline.CspReport("shop.example", page, n))
            .Concat(Enumerable.Range(0, 9).Select(n => ReadPipeline.CspReport("shop.example", $"{site}/cart", n)))
            .Concat(Enumerable.Range(0, 12).Select(n => ReadPipeline.NelReport("shop.example", n)));
        await pipeline.PostReportsAsync(reports, site, perDelivery: 10);
        await pipeline.WaitForDigestAsync(site, TopCount + 9 + 12);
        await pipeline.RowsOfSiteAsync(site, TopCount + 9 + 12);

        var dashboard = new Uri(pipeline.App.BaseUrl, "/api/dashboard");
        // The key arrives once in the fragment (never sent to the server) and must leave the address bar.
        await using var browser = await ChromiumBrowser.LaunchAsync(new Uri(dashboard + "#key=" + pipeline.ReadKey), Convert.ToBase64String(new byte[32]));
        await using var tab = await DevToolsPage.AttachAsync(browser, "/api/dashboard", TimeSpan.FromSeconds(20));
        try
        {
            await tab.WaitForAsync("document.body.dataset.ready === '/'", "the overview");
            Assert.DoesNotContain(pipeline.ReadKey, await tab.TextAsync("location.href"));
            Assert.Equal(pipeline.ReadKey, await tab.TextAsync("sessionStorage.getItem('lookout.readKey')"));

            // Chart.js drew one dataset per type that arrived, with today's counts, on a non-blank canvas.
            var chart = await tab.EvaluateAsync("""
                (() => { const c = Chart.getChart(document.getElementById('chart'));
                  const ctx = c.canvas.getContext('2d'); const px = ctx.getImageData(0, 0, c.canvas.width, c.canvas.height).data;
                  let painted = 0; for (let i = 3; i < px.length; i += 4) if (px[i] > 0) painted++;
                  return { types: c.data.datasets.map(d => d.label), today: c.data.datasets.map(d => d.data[d.data.length - 1]), painted,
                           bars: c.getDatasetMeta(0).data.length }; })()
                """);
            Assert.Equal(["csp-violation", "network-error"], chart.GetProperty("types").EnumerateArray().Select(t => t.GetString()));
            Assert.Equal([TopCount + 9, 12], chart.GetProperty("today").EnumerateArray().Select(t => t.GetInt32()));
            Assert.Equal(14, chart.GetProperty("bars").GetInt32());
            Assert.True(chart.GetProperty("painted").GetInt32() > 2000, $"canvas nearly blank: {chart}");

            // Today's top issue is the checkout page's, with exactly the count sent, shown formatted.
            var top = await tab.EvaluateAsync("""
                (() => { const r = document.querySelector('[data-testid=top-issue]');
                  return { count: r.dataset.count, text: r.innerText, rows: document.querySelectorAll('[data-testid=top-issue]').length }; })()
                """);
            Assert.Equal(TopCount.ToString(System.Globalization.CultureInfo.InvariantCulture), top.GetProperty("count").GetString());
            Assert.Contains("/" + page, top.GetProperty("text").GetString());
            Assert.Contains("37", top.GetProperty("text").GetString());
            await ScreenshotAsync(tab, "overview");

            // The issue list: a type filter changes the URL and the rows.
            await tab.EvaluateAsync("location.hash = '#/issues?site=" + site + "'");
            await tab.WaitForAsync("document.body.dataset.ready === '/issues' && document.querySelectorAll('[data-testid=issue]').length > 0", "the issue list");
            var before = await tab.EvaluateAsync("[...document.querySelectorAll('[data-testid=issue]')].map(r => r.dataset.type)");
            Assert.Contains("csp-violation", before.EnumerateArray().Select(t => t.GetString()));
            Assert.Contains("network-error", before.EnumerateArray().Select(t => t.GetString()));
            await ScreenshotAsync(tab, "issues");
            await tab.EvaluateAsync("(() => { const s = document.getElementById('filter-type'); s.value = 'network-error'; s.dispatchEvent(new Event('change')); })()");
            await tab.WaitForAsync("location.hash.includes('type=network-error') && document.body.dataset.ready === '/issues'", "the filtered list");
            var after = await tab.EvaluateAsync("[...document.querySelectorAll('[data-testid=issue]')].map(r => [r.dataset.type, +r.dataset.count])");
            Assert.NotEmpty(after.EnumerateArray());
            Assert.All(after.EnumerateArray(), r => Assert.Equal("network-error", r[0].GetString()));
            Assert.Equal(12, after.EnumerateArray().Sum(r => r[1].GetInt32()));
            Assert.Contains("site=" + site, await tab.TextAsync("location.hash"));
            await ScreenshotAsync(tab, "issues-filtered");

            // The top issue's page lists its reports; a report shows its Body and Raw pretty-printed.
            await tab.EvaluateAsync("location.hash = '#/'");
            await tab.WaitForAsync("document.body.dataset.ready === '/'", "the overview again");
            await tab.EvaluateAsync("document.querySelector('[data-testid=top-issue] a').click()");
            await tab.WaitForAsync("document.body.dataset.ready === '/issue' && document.querySelectorAll('[data-testid=report]').length > 0", "the issue page");
            Assert.Equal("37", await tab.TextAsync("document.getElementById('issue-count').textContent"));
            Assert.Equal(TopCount, (await tab.EvaluateAsync("document.querySelectorAll('[data-testid=report]').length")).GetInt32());
            await ScreenshotAsync(tab, "issue");
            await tab.EvaluateAsync("document.querySelector('[data-testid=report] a').click()");
            await tab.WaitForAsync("document.body.dataset.ready === '/report'", "the report page");
            var body = (await tab.TextAsync("document.getElementById('report-body').textContent"))!;
            var raw = (await tab.TextAsync("document.getElementById('report-raw').textContent"))!;
            Assert.Contains("\n  \"", body);
            Assert.Contains("\n  \"", raw);
            using (var parsed = JsonDocument.Parse(body))
                Assert.StartsWith("https://evil.example/x", parsed.RootElement.GetProperty("blockedURL").GetString());
            using (var parsed = JsonDocument.Parse(raw))
                Assert.Equal("csp-violation", parsed.RootElement.GetProperty("type").GetString());
            await ScreenshotAsync(tab, "report");

            // The set-up page shows this deployment's report URL in the headers run-local.sh prints.
            await tab.EvaluateAsync("location.hash = '#/setup'");
            await tab.WaitForAsync("document.body.dataset.ready === '/setup'", "the set-up page");
            var headers = (await tab.TextAsync("document.getElementById('setup-headers').textContent"))!;
            var reportUrl = pipeline.App.ReportsUrl.AbsoluteUri;
            Assert.Contains($"Reporting-Endpoints: default=\"{reportUrl}\"", headers);
            Assert.Contains($"report-uri {reportUrl}; report-to default", headers);
            Assert.Contains("NEL: {\"report_to\":\"default\"", headers);
            Assert.Contains("only to HTTPS endpoints", await tab.TextAsync("document.body.innerText"));
            await ScreenshotAsync(tab, "setup");

            Assert.Empty(tab.Errors);

            // Without a key (a shared link opened elsewhere) the loader asks for one; entering it opens the app.
            await tab.EvaluateAsync("sessionStorage.clear()");
            await tab.NavigateAsync(dashboard + "#/issues?type=csp-violation");
            await tab.WaitForAsync("document.getElementById('key') !== null", "the key prompt");
            Assert.All(tab.Errors, e => Assert.Contains("401", e));
            while (tab.Errors.TryDequeue(out _)) { }
            await tab.EvaluateAsync($"(() => {{ document.getElementById('key').value = '{pipeline.ReadKey}'; document.querySelector('form').requestSubmit(); }})()");
            await tab.WaitForAsync("document.body.dataset.ready === '/issues'", "the issue list after entering the key");
            Assert.Empty(tab.Errors);
        }
        catch
        {
            output.WriteLine("Lookout output:\n" + pipeline.App.Output);
            output.WriteLine("Chromium output:\n" + browser.Output);
            throw;
        }
    }

    private Task ScreenshotAsync(DevToolsPage tab, string name) => Screenshots.TakeAsync(tab, name, output);
}
