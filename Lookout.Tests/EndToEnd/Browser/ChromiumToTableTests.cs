using Lookout.Core.Records;
using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using Xunit.Abstractions;

namespace Lookout.Tests.Browser;

/// <summary>
/// End to end with nothing simulated: headless Chromium visits a page whose headers make it report,
/// Chromium preflights and POSTs to Lookout over HTTPS, Lookout enqueues to Azurite, the normalizer
/// writes rows, and each row carries the type, partition and key fields the page caused.
/// </summary>
[Trait("Category", "Browser")]
public sealed class ChromiumToTableTests(LookoutBrowserHarness harness, ITestOutputHelper output) : IClassFixture<LookoutBrowserHarness>
{
    [Theory]
    [MemberData(nameof(BrowserCases.Ids), MemberType = typeof(BrowserCases))]
    public async Task Chromium_report_lands_in_the_table_normalized(string caseId)
    {
        var c = BrowserCases.Get(caseId);
        var (type, fields) = BrowserCaseExpectations.For(caseId);
        var blockedUrl = BlockedUrl(c);
        bool Matches(TableEntity row) => (string?)row["Type"] == type && fields.All(f => Equals(row[f.Field], f.Value))
            && (blockedUrl is null || (string?)row["BlockedUrl"] == blockedUrl);

        var rows = await harness.RunAsync(c, rs => rs.Any(Matches));
        foreach (var row in rows)
            output.WriteLine($"{row.PartitionKey} {row["Type"]} {row["Url"]}");

        var match = rows.First(Matches);
        var receivedAt = (DateTimeOffset)match["ReceivedAt"]!;
        Assert.Equal($"{type}_{UtcDay.Of(receivedAt)}", match.PartitionKey);
        Assert.Equal(BrowserCaseExpectations.SourceFormat(c), match["SourceFormat"]);
        Assert.StartsWith(harness.Site.Origin.GetLeftPart(UriPartial.Authority), (string)match["Url"]!);
        Assert.Contains("HeadlessChrome", (string)match["UserAgent"]!);
        Assert.Null(match["UnknownReason"]);
        // The stored body is the generic Reporting API shape; the raw report is what Chromium sent.
        using var body = JsonDocument.Parse((string)match["Body"]!);
        Assert.Equal(JsonValueKind.Object, body.RootElement.ValueKind);
        Assert.False(string.IsNullOrEmpty((string?)match["Raw"]));
        if (c.ContentType == BrowserCases.CspReport)
        {
            Assert.Equal(harness.Site.PageUrl(caseId).AbsoluteUri, body.RootElement.GetProperty("documentURL").GetString());
            Assert.Contains("\"document-uri\"", (string)match["Raw"]!);
        }
        // No report of this page was turned away or left unknown.
        Assert.DoesNotContain(rows, r => (string?)r["Type"] == "unknown");
    }

    /// <summary>The image each CSP and COEP page loads: on the site's own origin, or the second origin for COEP.</summary>
    private string? BlockedUrl(BrowserCase c) =>
        c.ReportType is "csp-report" or "csp-violation" ? new Uri(harness.Site.Origin, "/img.gif").AbsoluteUri
        : c.ReportType == "coep" ? new Uri(harness.Site.CrossOrigin, "/img.gif").AbsoluteUri
        : null;
}
