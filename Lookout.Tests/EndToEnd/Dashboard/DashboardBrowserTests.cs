using System.Text.Json;
using Lookout.Tests.Browser;
using Lookout.Tests.Pipeline.Harness;
using Lookout.Tests.Read;
using Lookout.Tests.Support;
using Azure.Data.Tables;
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
            Assert.Contains(ReadPipeline.BlockedBy(page), top.GetProperty("text").GetString());
            Assert.Contains("37", top.GetProperty("text").GetString());
            // Times are relative ("… ago", "now"), the exact time on hover; the hidden noise has a count.
            var firstSeen = await tab.EvaluateAsync("(() => { const t = document.querySelector('[data-testid=top-issue] time'); return [t.textContent, t.title, t.dateTime]; })()");
            Assert.Matches("ago|now", firstSeen[0].GetString());
            Assert.False(string.IsNullOrEmpty(firstSeen[1].GetString()));
            Assert.Equal("0", await tab.TextAsync("document.getElementById('noise-hidden').textContent"));
            await ScreenshotAsync(tab, "overview");

            // The top issue was also seen 2 and 4 days ago (digest entities of those days): over 7 days it is one line of 45.
            var topId = (await tab.TextAsync("document.querySelector('[data-testid=top-issue]').dataset.id"))!;
            foreach (var (back, count) in new[] { (2, 5L), (4, 3L) })
                await pipeline.Issues.UpsertEntityAsync(new Azure.Data.Tables.TableEntity(ReadPipeline.DayBefore(back), topId)
                {
                    ["Type"] = "csp-violation", ["Fingerprint"] = topId[(topId.LastIndexOf('_') + 1)..], ["Title"] = "earlier", ["Count"] = count,
                    ["Rows"] = count, ["Sites"] = site, ["Noise"] = "", ["FingerprintScheme"] = 2L,
                });

            // The issue list for 7 days: each issue once with its 7-day total, sorted by count (the top issue first), a pages column.
            await tab.EvaluateAsync("location.hash = '#/issues?site=" + site + "'");
            await tab.WaitForAsync("document.body.dataset.ready === '/issues' && document.querySelectorAll('[data-testid=issue]').length > 0", "the issue list");
            var rows = await tab.EvaluateAsync("[...document.querySelectorAll('[data-testid=issue]')].map(r => ({ type: r.dataset.type, id: r.dataset.id, count: +r.dataset.count, pages: r.dataset.pages }))");
            var listed = rows.EnumerateArray().ToList();
            Assert.Equal(listed.Count, listed.Select(r => r.GetProperty("id").GetString()).Distinct().Count());
            Assert.Equal(topId, listed[0].GetProperty("id").GetString());
            Assert.Equal(TopCount + 5 + 3, listed[0].GetProperty("count").GetInt32());
            Assert.Equal("1", listed[0].GetProperty("pages").GetString());
            Assert.Equal(listed.Select(r => r.GetProperty("count").GetInt32()).OrderDescending(), listed.Select(r => r.GetProperty("count").GetInt32()));
            Assert.Contains("csp-violation", listed.Select(r => r.GetProperty("type").GetString()));
            Assert.Contains("network-error", listed.Select(r => r.GetProperty("type").GetString()));
            Assert.Equal("7", await tab.TextAsync("document.getElementById('filter-range').value"));
            await ScreenshotAsync(tab, "issues");
            await tab.EvaluateAsync("(() => { const s = document.getElementById('filter-type'); s.value = 'network-error'; s.dispatchEvent(new Event('change')); })()");
            await tab.WaitForAsync("location.hash.includes('type=network-error') && document.body.dataset.ready === '/issues'", "the filtered list");
            var after = await tab.EvaluateAsync("[...document.querySelectorAll('[data-testid=issue]')].map(r => [r.dataset.type, +r.dataset.count])");
            Assert.NotEmpty(after.EnumerateArray());
            Assert.All(after.EnumerateArray(), r => Assert.Equal("network-error", r[0].GetString()));
            Assert.Equal(12, after.EnumerateArray().Sum(r => r[1].GetInt32()));
            Assert.Contains("site=" + site, await tab.TextAsync("location.hash"));
            await ScreenshotAsync(tab, "issues-filtered");

            // A range that ends before it starts: the reason, and the filter bar stays to fix it.
            await tab.EvaluateAsync("location.hash = '#/issues?from=2026-11-20&to=2026-11-10'");
            await tab.WaitForAsync("document.body.dataset.ready === '/issues' && document.getElementById('filter-error') !== null", "the filter error");
            Assert.NotNull(await tab.TextAsync("document.getElementById('filters') && 'kept'"));
            Assert.Contains("is after 'to'", await tab.TextAsync("document.getElementById('filter-error').textContent"));
            // The only error the page logged is that 400 answer.
            Assert.All(tab.Errors, e => Assert.Contains("400", e));
            while (tab.Errors.TryDequeue(out _)) { }

            // The top issue's page lists its reports; a report shows its Body and Raw pretty-printed.
            await tab.EvaluateAsync("location.hash = '#/'");
            await tab.WaitForAsync("document.body.dataset.ready === '/'", "the overview again");
            await tab.EvaluateAsync("document.querySelector('[data-testid=top-issue] a').click()");
            await tab.WaitForAsync("document.body.dataset.ready === '/issue' && document.querySelectorAll('[data-testid=report]').length > 0", "the issue page", TimeSpan.FromSeconds(60));
            // The issue page over 7 days: total, reach (pages, top pages, browsers) and its daily counts; the latest day's reports.
            Assert.Equal("45", await tab.TextAsync("document.getElementById('issue-count').textContent"));
            Assert.Equal("1", await tab.TextAsync("document.getElementById('issue-pages').textContent"));
            Assert.Equal("3", await tab.TextAsync("document.getElementById('issue-days').textContent"));
            Assert.Equal("0,0,3,0,5,0,37", await tab.TextAsync("document.querySelector('section').dataset.trend"));
            Assert.Equal(7, (await tab.EvaluateAsync("Chart.getChart(document.getElementById('issue-chart')).data.datasets[0].data.length")).GetInt32());
            Assert.Contains("/" + page, await tab.TextAsync("document.getElementById('top-pages').innerText"));
            Assert.Contains("Other", await tab.TextAsync("document.getElementById('browsers').innerText"));
            Assert.Equal(TopCount, (await tab.EvaluateAsync("document.querySelectorAll('[data-testid=report]').length")).GetInt32());
            // A long page URL stays on one line, cut with an ellipsis, the whole URL on hover.
            var url = await tab.EvaluateAsync("(() => { const c = document.querySelector('[data-testid=report] td.url'); const st = getComputedStyle(c); return [c.title, c.textContent, st.whiteSpace, st.textOverflow]; })()");
            Assert.Equal(url[1].GetString(), url[0].GetString());
            Assert.Equal("nowrap", url[2].GetString());
            Assert.Equal("ellipsis", url[3].GetString());
            await ScreenshotAsync(tab, "issue");
            await tab.EvaluateAsync("document.querySelector('[data-testid=report] a').click()");
            await tab.WaitForAsync("document.body.dataset.ready === '/report'", "the report page");
            var body = (await tab.TextAsync("document.getElementById('report-body').textContent"))!;
            var raw = (await tab.TextAsync("document.getElementById('report-raw').textContent"))!;
            Assert.Contains("\n  \"", body);
            Assert.Contains("\n  \"", raw);
            using (var parsed = JsonDocument.Parse(body))
                Assert.StartsWith(ReadPipeline.BlockedBy(page) + "/x", parsed.RootElement.GetProperty("blockedURL").GetString());
            using (var parsed = JsonDocument.Parse(raw))
                Assert.Equal("csp-violation", parsed.RootElement.GetProperty("type").GetString());
            await ScreenshotAsync(tab, "report");

            // The set-up page: without Lookout__PublicReportUrl the report URL is the one the read API was called at,
            // plain HTTP here, so only the CSP report-uri header, with the reason.
            await tab.EvaluateAsync("location.hash = '#/setup'");
            await tab.WaitForAsync("document.body.dataset.ready === '/setup'", "the set-up page");
            var headers = (await tab.TextAsync("document.getElementById('setup-headers').textContent"))!;
            var reportUrl = pipeline.App.ReportsUrl.AbsoluteUri;
            Assert.Equal($"Content-Security-Policy-Report-Only: default-src 'self'; report-uri {reportUrl}", headers);
            Assert.Equal("http", await tab.TextAsync("document.getElementById('setup-mode').dataset.mode"));
            Assert.Contains("report URL is plain HTTP", await tab.TextAsync("document.body.innerText"));
            await ScreenshotAsync(tab, "setup");

            Assert.Empty(tab.Errors);
            await AssertNoViolationUntilACanaryAsync(tab);

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

    /// <summary>
    /// The dashboard ran under its Content-Security-Policy and violated it nowhere: the page's policy is the
    /// server's nonce policy, and the only CSP report that reaches Lookout's own endpoint (site
    /// <c>lookout-dashboard</c>) is a canary the test then injects on purpose — which also proves that a
    /// violation would have been reported and stored.
    /// </summary>
    private async Task AssertNoViolationUntilACanaryAsync(DevToolsPage tab)
    {
        using (var loader = await pipeline.Http.GetAsync(new Uri(pipeline.App.BaseUrl, "/api/dashboard")))
        {
            var csp = Assert.Single(loader.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("script-src 'nonce-", csp);
            Assert.DoesNotContain("unsafe-inline", csp);
            Assert.Contains("report-uri /api/reports?site=lookout-dashboard", csp);
        }
        Assert.Empty(await pipeline.Table.AllAsync(ReportTable.SiteIs(DashboardSelfSite)));
        var blocked = await tab.EvaluateAsync("""
            (() => { const s = document.createElement('script'); s.textContent = 'window.cspCanary = 1'; document.body.append(s);
              return window.cspCanary === undefined; })()
            """);
        Assert.True(blocked.GetBoolean(), "an inline script without the nonce ran: the policy is not enforced");
        var rows = await pipeline.RowsOfSiteAsync(DashboardSelfSite, 1, TimeSpan.FromSeconds(60));
        var row = Assert.Single(rows);
        Assert.Equal("csp-violation", row.GetString("Type"));
        Assert.Contains("cspCanary", row.GetString("Body") ?? "");
        while (tab.Errors.TryDequeue(out var error))
            Assert.Contains("Content Security Policy", error);
    }

    private const string DashboardSelfSite = "lookout-dashboard";

    private Task ScreenshotAsync(DevToolsPage tab, string name) => Screenshots.TakeAsync(tab, name, output);
}
