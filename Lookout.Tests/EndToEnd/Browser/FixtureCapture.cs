using Lookout.Core.Records;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace Lookout.Tests.Browser;

/// <summary>
/// Regenerates <c>Lookout.Tests/Fixtures/chromium</c>: runs every case in real Chromium and writes
/// each delivery's exact body as <c>&lt;case&gt;-&lt;n&gt;.json</c> plus <c>index.json</c>.
/// Only runs when <c>LOOKOUT_CAPTURE_FIXTURES</c> names the output directory
/// (see scripts/capture-chromium-fixtures.sh); otherwise it returns at once.
/// </summary>
[Trait("Category", "CaptureFixtures")]
public sealed class FixtureCapture(ITestOutputHelper output)
{
    [Fact]
    public async Task Capture_chromium_fixtures()
    {
        var dir = Environment.GetEnvironmentVariable("LOOKOUT_CAPTURE_FIXTURES");
        if (string.IsNullOrEmpty(dir))
        {
            output.WriteLine("LOOKOUT_CAPTURE_FIXTURES is not set: nothing captured.");
            return;
        }
        Directory.CreateDirectory(dir);
        var version = await ChromiumBrowser.VersionAsync();
        var captured = UtcDay.Of(DateTimeOffset.UtcNow).ToString();
        var harness = new BrowserHarness();
        await harness.InitializeAsync();
        var failures = new List<string>();
        var index = new List<object>();
        try
        {
            foreach (var c in BrowserCases.All)
            {
                try
                {
                    var run = await harness.RunAsync(c.Id);
                    output.WriteLine($"{c.Id}: {run.Deliveries.Count} deliveries in {run.Elapsed.TotalMilliseconds:0} ms");
                    foreach (var old in Directory.EnumerateFiles(dir, c.Id + "-*.json"))
                        if (char.IsDigit(Path.GetFileNameWithoutExtension(old)[(c.Id.Length + 1)..].FirstOrDefault()))
                            File.Delete(old);
                    var n = 0;
                    foreach (var d in run.Deliveries)
                    {
                        var file = $"{c.Id}-{++n}.json";
                        await File.WriteAllBytesAsync(Path.Combine(dir, file), d.Body);
                        index.Add(new
                        {
                            file,
                            @case = c.Id,
                            contentType = d.ContentType,
                            expectedReportType = c.ReportType,
                            reportTypes = BrowserCase.ReportTypes(d.Body),
                            containsExpected = c.IsSatisfiedBy(d),
                            trigger = c.Description,
                            chromiumVersion = version,
                            captured,
                        });
                    }
                }
                catch (TimeoutException e)
                {
                    failures.Add($"{c.Id}: {e.Message}");
                    output.WriteLine($"{c.Id}: FAILED {e.Message}");
                }
            }
        }
        finally
        {
            await harness.DisposeAsync();
        }
        var json = JsonSerializer.Serialize(new { chromiumVersion = version, captured, failed = failures.Select(f => f.Split(':')[0]), files = index },
            new JsonSerializerOptions { WriteIndented = true });
        await File.WriteAllTextAsync(Path.Combine(dir, "index.json"), json + "\n", new UTF8Encoding(false));
        Assert.True(failures.Count == 0, "cases without a delivery:\n" + string.Join("\n", failures));
    }
}
