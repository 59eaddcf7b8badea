using Azure.Data.Tables;
using Lookout.Functions.Dashboard;
using Lookout.Tests.Browser;
using Lookout.Tests.Pipeline.Harness;
using Lookout.Tests.Scripts;
using Lookout.Tests.Support;
using Xunit.Abstractions;

namespace Lookout.Tests.Dashboard;

/// <summary>
/// A deployment-shaped Lookout: HTTPS under a public-looking host name (<c>lookout.test</c>, which Chromium resolves
/// to 127.0.0.1), a read key, and <c>Lookout__PublicReportUrl</c> as the Bicep sets it. The set-up page names the
/// HTTPS mode and hands out the four headers; pasted into a page, they make Chromium's reports arrive.
/// (The plain-HTTP and ./run-local.sh --https modes: RunLocalBrowserTests.)
/// </summary>
[Trait("Category", "Browser")]
public class SetupPageBrowserTests(ITestOutputHelper output)
{
    private const string Host = "lookout.test";

    [Fact]
    public async Task Deployment_shaped_set_up_page_hands_out_https_headers_that_make_chromium_report()
    {
        ChromiumBrowser.RequireExecutable();
        using var certificate = TestCertificate.Create(Host);
        var azurite = await AzuriteServer.Shared;
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var port = FreePorts.Next();
        var reportUrl = new Uri($"https://{Host}:{port}/api/reports");
        var readKey = "rk-" + suffix;
        var certificateDirectory = Path.Combine(Path.GetTempPath(), "lookout-setup-" + suffix);
        var settings = new Dictionary<string, string>(certificate.KestrelSettings(certificateDirectory))
        {
            ["Lookout__QueueName"] = "setup-" + suffix,
            ["Lookout__TableName"] = "setup" + suffix,
            ["Lookout__IssuesTableName"] = "setupissues" + suffix,
            ["Lookout__ReadKey"] = readKey,
            ["Lookout__PublicReportUrl"] = reportUrl.AbsoluteUri,
            [LookoutPipeline.QueueSetting("maxPollingInterval")] = "00:00:00.200",
        };
        await using var app = await LookoutApp.StartAsync(azurite.ConnectionString, settings, urls: $"https://127.0.0.1:{port}");
        var hostRules = $"MAP {Host} 127.0.0.1";
        try
        {
            var setup = await SetupPage.ReadAsync(new Uri($"https://{Host}:{port}/api/dashboard"), certificate.SpkiHash, readKey, hostRules);
            Assert.Equal("https", setup.Mode);
            Assert.Equal(reportUrl.AbsoluteUri, setup.ReportUrl);
            Assert.Equal(SiteHeaders.For(reportUrl).Select(h => new KeyValuePair<string, string>(h.Name, h.Value)), setup.Headers);
            Assert.Equal(SiteHeaders.Reason(ReportUrlMode.Https), setup.Reason);

            await using var site = await HeaderPageSite.StartAsync(setup.Headers, certificate.Certificate);
            var token = "t" + suffix;
            var table = new ReportTable(new TableClient(azurite.ConnectionString, "setup" + suffix));
            await using var browser = await ChromiumBrowser.LaunchAsync(site.PageUrl(token), certificate.SpkiHash, hostRules: hostRules);
            string[] expected = ["csp-violation", "deprecation", "network-error"];
            var rows = await Eventually.MatchAsync(
                async () => (await table.AllAsync()).Where(r => ((string?)r["Url"] ?? "").Contains(token, StringComparison.Ordinal)).ToList(),
                rs => expected.All(t => rs.Any(r => (string?)r["Type"] == t)), TimeSpan.FromSeconds(45), "rows of the page");
            Assert.Equal("reporting-api", rows.First(r => (string?)r["Type"] == "csp-violation")["SourceFormat"]);
        }
        catch
        {
            output.WriteLine("Lookout output:\n" + app.Output);
            throw;
        }
        finally
        {
            try { Directory.Delete(certificateDirectory, recursive: true); } catch (IOException) { }
        }
    }
}
