using System.Diagnostics;

namespace Lookout.Tests.Browser;

/// <summary>
/// Shared per test class: a throwaway certificate, the capture endpoint and the test site pointing at it.
/// <see cref="RunAsync"/> opens one case's page in a fresh Chromium and waits (no fixed sleeps) until the
/// endpoint has a delivery that satisfies the case.
/// </summary>
public sealed class BrowserHarness : IAsyncLifetime
{
    public static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(
        double.TryParse(Environment.GetEnvironmentVariable("LOOKOUT_BROWSER_TIMEOUT_SECONDS"), out var s) ? s : 20);

    public TestCertificate Certificate { get; private set; } = null!;
    public CaptureEndpoint Capture { get; private set; } = null!;
    public ReportSite Site { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        ChromiumBrowser.RequireExecutable();
        Certificate = TestCertificate.Create();
        Capture = await CaptureEndpoint.StartAsync(Certificate);
        Site = await ReportSite.StartAsync(Certificate, Capture.ReportsUrl);
    }

    public async Task DisposeAsync()
    {
        await Site.DisposeAsync();
        await Capture.DisposeAsync();
        Certificate.Dispose();
    }

    public sealed record CaseRun(BrowserCase Case, IReadOnlyList<Delivery> Deliveries, TimeSpan Elapsed, int Preflights);

    /// <summary>Runs one case in a fresh browser and returns the case's deliveries once one satisfies it.</summary>
    public Task<CaseRun> RunAsync(string caseId) => RunAsync(Certificate, Site, Capture, BrowserCases.Get(caseId));

    public static async Task<CaseRun> RunAsync(TestCertificate certificate, ReportSite site, CaptureEndpoint capture, BrowserCase c)
    {
        var watch = Stopwatch.StartNew();
        site.Reset(c.Id);
        await using var browser = await ChromiumBrowser.LaunchAsync(site.PageUrl(c.Id), certificate.SpkiHash, c.Popups);
        try
        {
            var waiting = capture.WaitForAsync(c.Id, ds => ds.Any(c.IsSatisfiedBy), CaseTimeout);
            if (c.Crash)
            {
                await site.WaitForLoadedAsync(c.Id, CaseTimeout);
                await browser.CrashPageAsync("/case/" + c.Id, CaseTimeout);
            }
            var deliveries = await waiting;
            return new CaseRun(c, deliveries, watch.Elapsed, capture.PreflightsFor(c.Id));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException(e.Message + "\nChromium output:\n" + browser.Output, e);
        }
    }
}
