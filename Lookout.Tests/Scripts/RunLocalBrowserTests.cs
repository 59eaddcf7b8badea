using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Azure.Data.Tables;
using Lookout.Functions.Dashboard;
using Lookout.Tests.Browser;
using Lookout.Tests.Dashboard;
using Lookout.Tests.Pipeline.Harness;
using Xunit.Abstractions;

namespace Lookout.Tests.Scripts;

/// <summary>
/// The headers run-local.sh prints, pasted verbatim into a site's responses, make real Chromium send
/// reports that arrive as rows: over HTTP only CSP <c>report-uri</c> is printed and it arrives; over
/// HTTPS the printed Reporting-Endpoints, CSP (report-to wins over report-uri) and NEL all arrive.
/// And the demo site's index runs every page, each of which gets its rows.
/// </summary>
[Trait("Category", "Scripts")]
[Trait("Category", "Browser")]
[Collection(RunLocalCollection.Name)]
public sealed class RunLocalBrowserTests(LocalRunsFixture runs, ITestOutputHelper output)
{
    private static readonly TimeSpan RowsTimeout = TimeSpan.FromSeconds(45);

    [Fact]
    public void Http_mode_prints_report_uri_only_and_says_why()
    {
        var report = $"http://127.0.0.1:{runs.Http.Port.Http}/api/reports";
        Assert.Equal(report, runs.Http.ReportUrl.AbsoluteUri);
        Assert.Equal(
            [new("Content-Security-Policy-Report-Only", $"default-src 'self'; report-uri {report}")],
            runs.Http.Headers);
        // The reason, wrapped for the terminal: Lookout's own (the dashboard shows the same).
        Assert.Contains(SiteHeaders.Reason(ReportUrlMode.Http), Unwrapped(runs.Http.Output));
    }

    private static string Unwrapped(string output) => System.Text.RegularExpressions.Regex.Replace(output, @"\s+", " ");

    [Fact]
    public void Https_mode_prints_report_to_and_report_uri_nel_and_the_endpoints()
    {
        var report = $"https://127.0.0.1:{runs.Https.Port.HttpsPort}/api/reports";
        Assert.Equal(report, runs.Https.ReportUrl.AbsoluteUri);
        Assert.Equal(
        [
            new("Reporting-Endpoints", $"default=\"{report}\""),
            new("Content-Security-Policy-Report-Only", $"default-src 'self'; report-uri {report}; report-to default"),
            new("Report-To", $$"""{"group":"default","max_age":10886400,"endpoints":[{"url":"{{report}}"}]}"""),
            new("NEL", """{"report_to":"default","max_age":2592000,"success_fraction":0.0,"failure_fraction":1.0}"""),
        ], runs.Https.Headers);
        Assert.Contains(SiteHeaders.Reason(ReportUrlMode.LocalHttps), Unwrapped(runs.Https.Output));
    }

    /// <summary>The dashboard, opened at the printed (HTTP) dashboard URL, names the run's mode and hands out the headers
    /// run-local.sh printed; pasted into a page they make Chromium's reports arrive.</summary>
    [Theory]
    [InlineData(false, "http", "csp-violation")]
    [InlineData(true, "local-https", "deprecation")]
    public async Task The_dashboard_set_up_page_names_the_mode_and_its_headers_make_chromium_report(bool https, string mode, string expectedType)
    {
        var run = https ? runs.Https : runs.Http;
        var dashboard = run.DashboardUrl;
        Assert.Equal($"http://127.0.0.1:{run.Port.Http}/api/dashboard", dashboard.AbsoluteUri);
        var setup = await SetupPage.ReadAsync(dashboard, https ? run.SpkiHash : "");
        Assert.Equal(mode, setup.Mode);
        Assert.Equal(run.ReportUrl.AbsoluteUri, setup.ReportUrl);
        Assert.Equal(run.Headers, setup.Headers);
        Assert.Equal(SiteHeaders.Reason(SiteHeaders.ModeOf(run.ReportUrl)), setup.Reason);

        using var certificate = https ? HeaderPageSite.LoadCertificate(run.StateDir) : null;
        await using var site = await HeaderPageSite.StartAsync(setup.Headers, certificate);
        var token = NewToken();
        var rows = await VisitAsync(run, site.PageUrl(token), https ? run.SpkiHash : "", token, rs => rs.Any(r => (string?)r["Type"] == expectedType));
        Assert.NotEmpty(rows);
    }

    [Fact]
    public async Task Http_mode_printed_headers_make_chromium_send_a_csp_report()
    {
        await using var site = await HeaderPageSite.StartAsync(runs.Http.Headers);
        var token = NewToken();
        var rows = await VisitAsync(runs.Http, site.PageUrl(token), spki: "", token,
            rs => rs.Any(r => (string?)r["Type"] == "csp-violation"));

        var csp = Assert.Single(rows, r => (string?)r["Type"] == "csp-violation");
        Assert.Equal("csp-report", csp["SourceFormat"]);
        Assert.Equal(site.PageUrl(token).AbsoluteUri, csp["Url"]);
        Assert.Equal("img-src", csp["EffectiveDirective"]);
        Assert.Equal("report", csp["Disposition"]);
        Assert.StartsWith(site.OtherOrigin.AbsoluteUri, (string)csp["BlockedUrl"]!);
    }

    [Fact]
    public async Task Https_mode_printed_headers_make_chromium_send_csp_deprecation_and_nel_reports()
    {
        using var certificate = HeaderPageSite.LoadCertificate(runs.Https.StateDir);
        await using var site = await HeaderPageSite.StartAsync(runs.Https.Headers, certificate);
        var token = NewToken();
        string[] expected = ["csp-violation", "deprecation", "network-error"];
        var rows = await VisitAsync(runs.Https, site.PageUrl(token), runs.Https.SpkiHash, token,
            rs => expected.All(t => rs.Any(r => (string?)r["Type"] == t)));

        var csp = Assert.Single(rows, r => (string?)r["Type"] == "csp-violation");
        // report-to was used; Chromium ignored the report-uri of the same policy.
        Assert.Equal("reporting-api", csp["SourceFormat"]);
        Assert.Equal("report", csp["Disposition"]);
        Assert.StartsWith(site.OtherOrigin.AbsoluteUri, (string)csp["BlockedUrl"]!);
        var deprecation = rows.First(r => (string?)r["Type"] == "deprecation");
        Assert.Equal(site.PageUrl(token).AbsoluteUri, deprecation["Url"]);
        var nel = rows.First(r => (string?)r["Type"] == "network-error");
        Assert.Equal(new Uri(site.Origin, $"/missing-{token}").AbsoluteUri, nel["Url"]);
        Assert.Equal("http.error", nel["ErrorType"]);
    }

    /// <summary>The demo pages and the row type each one should produce.</summary>
    public static TheoryData<string> DemoPages => new() { "csp", "csp-report-only", "csp-report-uri", "deprecation", "permissions-policy", "nel" };

    private static readonly Dictionary<string, (string Type, string SourceFormat)> DemoExpectations = new()
    {
        ["csp"] = ("csp-violation", "reporting-api"),
        ["csp-report-only"] = ("csp-violation", "reporting-api"),
        ["csp-report-uri"] = ("csp-violation", "csp-report"),
        ["deprecation"] = ("deprecation", "reporting-api"),
        ["permissions-policy"] = ("permissions-policy-violation", "reporting-api"),
        ["nel"] = ("network-error", "reporting-api"),
    };

    [Fact]
    public async Task Demo_index_runs_every_page_and_each_page_reads_back_its_own_rows()
    {
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        var demo = new Uri($"https://127.0.0.1:{runs.Https.Port.Demo}/");
        var table = runs.Https.Table;
        bool Arrived(List<TableEntity> rows) => DemoExpectations.All(e =>
            rows.Any(r => (string?)r["Site"] == $"demo-{e.Key}" && (string?)r["Type"] == e.Value.Type));

        await using (var browser = await ChromiumBrowser.LaunchAsync(demo, runs.Https.SpkiHash))
        {
            try
            {
                var rows = await Eventually.MatchAsync(() => table.AllAsync(TableClient.CreateQueryFilter($"ReceivedAt ge {since}")), Arrived, RowsTimeout, "a row for every demo page");
                foreach (var row in rows)
                    output.WriteLine($"{row["Site"]} {row["Type"]} {row["SourceFormat"]} {row["Url"]}");
                foreach (var (page, (type, format)) in DemoExpectations)
                {
                    var ofPage = rows.Where(r => (string?)r["Site"] == $"demo-{page}").ToList();
                    // One report per page: no favicon or noise reports.
                    var row = Assert.Single(ofPage);
                    Assert.Equal(type, row["Type"]);
                    Assert.Equal(format, row["SourceFormat"]);
                }
            }
            catch (TimeoutException e)
            {
                throw new TimeoutException($"{e.Message}\nChromium:\n{browser.Output}\nrun-local.sh:\n{runs.Https.Output}", e);
            }
        }

        // What each page polls to show its rows.
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true };
        using var http = new HttpClient(handler);
        foreach (var (page, (type, _)) in DemoExpectations)
        {
            using var response = await http.GetAsync(new Uri(demo, $"/rows?page={page}&since={Uri.EscapeDataString(since.ToString("O"))}"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var shown = json.RootElement.GetProperty("rows").EnumerateArray().ToList();
            Assert.Contains(shown, r => r.GetProperty("Type").GetString() == type && r.GetProperty("Site").GetString() == $"demo-{page}");
        }
    }

    [Fact]
    public void Reset_deleted_the_stored_data_before_the_start()
    {
        Assert.Contains("Deleting the stored reports", runs.Https.Output);
        Assert.False(File.Exists(runs.ResetMarker), "--reset left the old Azurite data in place");
        Assert.True(Directory.Exists(Path.Combine(runs.Https.StateDir, "azurite")), "Azurite has no data folder");
    }

    [Fact]
    public void A_certificate_with_less_than_a_day_left_was_renewed_for_30_days()
    {
        Assert.Contains("Making a throwaway certificate", runs.Https.Output);
        using var renewed = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(runs.Https.StateDir, "cert.pem")));
        Assert.NotEqual(runs.ExpiringCertificate.Thumbprint, renewed.Thumbprint);
        Assert.InRange(renewed.NotAfter.ToUniversalTime(), DateTime.UtcNow.AddDays(29), DateTime.UtcNow.AddDays(31));
        // The printed SPKI hash is the renewed certificate's, not the old one's.
        Assert.Equal(Convert.ToBase64String(SHA256.HashData(renewed.PublicKey.ExportSubjectPublicKeyInfo())), runs.Https.SpkiHash);
    }

    [Fact]
    public void Azurite_runs_with_telemetry_off()
    {
        // run.pids: the script's pid, then Azurite's, Lookout's, the demo site's.
        var pids = File.ReadAllText(Path.Combine(runs.Https.StateDir, "run.pids")).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var azurite = File.ReadAllText($"/proc/{pids[1]}/cmdline").Split('\0');
        Assert.Contains(azurite, a => a.EndsWith("azurite.js", StringComparison.Ordinal));
        Assert.Contains("--disableTelemetry", azurite);
    }

    private static string NewToken() => "t" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Opens the page in a fresh Chromium and waits for rows whose URL carries the token.</summary>
    private async Task<List<TableEntity>> VisitAsync(LocalRun run, Uri page, string spki, string token, Func<List<TableEntity>, bool> done)
    {
        var table = run.Table;
        await using var browser = await ChromiumBrowser.LaunchAsync(page, spki);
        try
        {
            var rows = await Eventually.MatchAsync(
                async () => (await table.AllAsync()).Where(r => ((string?)r["Url"] ?? "").Contains(token, StringComparison.Ordinal)).ToList(),
                done, RowsTimeout, $"rows of {page}");
            foreach (var row in rows)
                output.WriteLine($"{row["Type"]} {row["SourceFormat"]} {row["Url"]}");
            return rows;
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\nChromium:\n{browser.Output}\nrun-local.sh:\n{run.Output}", e);
        }
    }
}
