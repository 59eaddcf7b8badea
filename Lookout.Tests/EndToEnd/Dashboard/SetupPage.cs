using Lookout.Tests.Browser;

namespace Lookout.Tests.Dashboard;

/// <summary>What the dashboard's "Set up your site" page shows, read in headless Chromium: the mode it names, the
/// headers block (as a user copies it) and the reason given.</summary>
public sealed record SetupPage(string Mode, string ReportUrl, IReadOnlyList<KeyValuePair<string, string>> Headers, string Reason)
{
    /// <summary>Opens <paramref name="dashboard"/> (with <c>#key=</c> when a key is needed), goes to the set-up page and reads it.</summary>
    public static async Task<SetupPage> ReadAsync(Uri dashboard, string spkiHash, string? key = null, string? hostRules = null)
    {
        var url = new Uri(dashboard.GetLeftPart(UriPartial.Path) + (key is null ? "#/setup" : "#key=" + key));
        await using var browser = await ChromiumBrowser.LaunchAsync(url, spkiHash, hostRules: hostRules);
        await using var tab = await DevToolsPage.AttachAsync(browser, "/api/dashboard", TimeSpan.FromSeconds(30));
        try
        {
            if (key is not null)
            {
                await tab.WaitForAsync("document.body.dataset.ready === '/'", "the overview");
                await tab.EvaluateAsync("location.hash = '#/setup'");
            }
            await tab.WaitForAsync("document.body.dataset.ready === '/setup'", "the set-up page");
            var text = (await tab.TextAsync("document.getElementById('setup-headers').textContent"))!;
            var headers = text.Split('\n').Select(line =>
            {
                var colon = line.IndexOf(": ", StringComparison.Ordinal);
                Assert.True(colon > 0, $"not a header line: '{line}'");
                return new KeyValuePair<string, string>(line[..colon], line[(colon + 2)..]);
            }).ToList();
            Assert.Empty(tab.Errors);
            return new SetupPage((await tab.TextAsync("document.getElementById('setup-mode').dataset.mode"))!,
                (await tab.TextAsync("document.getElementById('report-url').textContent"))!, headers,
                (await tab.TextAsync("document.getElementById('setup-mode').textContent"))!);
        }
        catch (Exception e) when (e is TimeoutException or Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"{e.Message}\nChromium:\n{browser.Output}", e);
        }
    }
}
