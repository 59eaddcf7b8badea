using Azure.Data.Tables;
using Lookout.Tests.Pipeline.Harness;
using Lookout.Tests.Support;

namespace Lookout.Tests.Browser;

/// <summary>
/// The whole system under a real browser: Azurite, Lookout standalone serving HTTPS with a throwaway
/// certificate (CORS limited to the test site's origin), and the test site whose pages report to
/// Lookout's <c>/api/reports?site=&lt;case&gt;</c>. Rows are read back through the Tables SDK.
/// </summary>
public sealed class LookoutBrowserHarness : IAsyncLifetime
{
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..10];
    private readonly string _certificateDirectory = Path.Combine(Path.GetTempPath(), "lookout-browser-" + Guid.NewGuid().ToString("N")[..8]);

    public TestCertificate Certificate { get; private set; } = null!;
    public ReportSite Site { get; private set; } = null!;
    public LookoutApp App { get; private set; } = null!;
    public ReportTable Table { get; private set; } = null!;
    public string TableName => $"browser{_suffix}";

    public async Task InitializeAsync()
    {
        ChromiumBrowser.RequireExecutable();
        Certificate = TestCertificate.Create();
        var azurite = await AzuriteServer.Shared;
        var lookoutUrl = new Uri($"https://127.0.0.1:{FreePorts.Next()}");
        Site = await ReportSite.StartAsync(Certificate, new Uri(lookoutUrl, "/api/reports"));

        var settings = new Dictionary<string, string>(Certificate.KestrelSettings(_certificateDirectory))
        {
            ["Lookout__QueueName"] = $"browser-{_suffix}",
            ["Lookout__TableName"] = TableName,
            ["Lookout__AllowedOrigins"] = Site.Origin.GetLeftPart(UriPartial.Authority),
            [LookoutPipeline.QueueSetting("maxPollingInterval")] = "00:00:00.200",
        };
        App = await LookoutApp.StartAsync(azurite.ConnectionString, settings, urls: lookoutUrl.GetLeftPart(UriPartial.Authority));
        Table = new ReportTable(new TableClient(azurite.ConnectionString, TableName));
    }

    /// <summary>Opens the case's page in a fresh Chromium and waits until the case's rows satisfy <paramref name="done"/>.</summary>
    public async Task<List<TableEntity>> RunAsync(BrowserCase c, Func<List<TableEntity>, bool> done)
    {
        Site.Reset(c.Id);
        await using var browser = await ChromiumBrowser.LaunchAsync(Site.PageUrl(c.Id), Certificate.SpkiHash, c.Popups);
        try
        {
            if (c.Crash)
            {
                await Site.WaitForLoadedAsync(c.Id, BrowserHarness.CaseTimeout);
                await browser.CrashPageAsync("/case/" + c.Id, BrowserHarness.CaseTimeout);
            }
            return await Eventually.MatchAsync(() => Table.AllAsync(ReportTable.SiteIs(c.Id)), done,
                BrowserHarness.CaseTimeout + TimeSpan.FromSeconds(10), $"rows of case {c.Id}");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\nChromium output:\n{browser.Output}\nLookout output:\n{App.Output}", e);
        }
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Site.DisposeAsync();
        Certificate.Dispose();
        try { Directory.Delete(_certificateDirectory, recursive: true); } catch (IOException) { }
    }
}
