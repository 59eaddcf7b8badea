using Lookout.Core.Envelopes;
using Lookout.Core.Records;
using Lookout.Core.Triage;
using Lookout.Tests.Formats;

namespace Lookout.Tests.Triage;

public class NoiseDetectorTests
{
    private static readonly Envelope Envelope = new()
    {
        Id = "0123456789abcdef0123456789abcdef",
        ReceivedAt = new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero),
        ContentType = "application/csp-report",
    };

    /// <summary>Every published fixture report that is noise, and why (fixture name, index in delivery).</summary>
    private static readonly Dictionary<(string File, int Index), string> NoisyFixtures = new()
    {
        [("published/csp-legacy/nico-1.json", 0)] = "browser-extension",   // blocked-uri "chrome-extension" (bare)
        [("published/csp-legacy/nico-2.json", 0)] = "browser-extension",   // blocked-uri "moz-extension" (bare)
        [("published/csp-legacy/nico-3.json", 0)] = "browser-extension",   // sample "url(moz-extension://9c..."
        [("published/csp-legacy/nico-5.json", 0)] = "browser-internal",    // source-file jar:file:///…GeckoScriptBridge.js
        [("published/csp-legacy/nico-6.json", 0)] = "browser-internal",    // blocked-uri "android-webview"
        [("published/csp-legacy/nico-7.json", 0)] = "browser-internal",    // blocked-uri opera://js-inject
        [("published/csp-legacy/nico-8.json", 0)] = "browser-internal",    // blocked-uri gsa://onpageload
        [("published/csp-legacy/nico-11.json", 0)] = "browser-extension",  // source-file "mxaddon-pkg" (bare)
        [("published/csp-legacy/nico-13.json", 0)] = "browser-internal",   // blocked-uri "chrome" (bare)
        [("published/csp-legacy/nico-15.json", 0)] = "browser-extension",  // source-file "moz-extension" (bare)
    };

    [Fact]
    public void Published_fixtures_and_chromium_captures_are_flagged_exactly_where_the_noise_is()
    {
        var seen = new HashSet<(string, int)>();
        foreach (var delivery in DeliveryCorpus.All)
        {
            var result = FormatTestKit.Parse(delivery.Body, delivery.ContentType);
            if (!result.IsSuccess)
                continue;
            for (var i = 0; i < result.Reports.Count; i++)
            {
                var noise = ReportRecordBuilder.Build(Envelope, i, result.Reports[i])["Noise"]!.Value.AsString;
                var expected = NoisyFixtures.GetValueOrDefault((delivery.Name, i), "");
                Assert.True(expected == noise, $"{delivery.Name} #{i}: expected Noise '{expected}', got '{noise}'");
                if (noise.Length > 0)
                    seen.Add((delivery.Name, i));
            }
        }
        // Every expectation names a report that exists (a renamed fixture must not pass silently).
        Assert.Equal(NoisyFixtures.Keys.ToHashSet(), seen);
    }

    private static string NoiseOf(string cspReport, string? site = null) =>
        ReportRecordBuilder.Build(Envelope with { Site = site }, 0, FormatTestKit.Single(cspReport, "application/csp-report"))["Noise"]!.Value.AsString;

    private static string Csp(string blocked, string? source = null, string? sample = null, string document = "https://site.example/p") =>
        System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["csp-report"] = new Dictionary<string, string?>
            {
                ["document-uri"] = document, ["blocked-uri"] = blocked, ["source-file"] = source, ["script-sample"] = sample,
                ["violated-directive"] = "script-src-elem",
            },
        });

    [Theory]
    [InlineData("chrome-extension://abcdefghijklmnop/content.js", "browser-extension")]
    [InlineData("chrome-extension", "browser-extension")]
    [InlineData("moz-extension://9c0f/x.css", "browser-extension")]
    [InlineData("safari-web-extension://E1D5/script.js", "browser-extension")]
    [InlineData("safari-extension", "browser-extension")]
    [InlineData("webkit-masked-url://hidden/", "browser-extension")]
    [InlineData("ms-browser-extension", "browser-extension")]
    [InlineData("resource://gre/modules/x.js", "browser-internal")]
    [InlineData("about:blank", "browser-internal")]
    [InlineData("about", "browser-internal")]
    [InlineData("chromenull://", "browser-internal")]
    [InlineData("webviewprogressproxy://", "browser-internal")]
    [InlineData("https://gc.kis.v2.scr.kaspersky-labs.com/FD126C42/main.js", "injected-script")]
    [InlineData("https://www.superfish.com/ws/sf_main.jsp", "injected-script")]
    [InlineData("https://injections.adguard.com/x.js", "injected-script")]
    [InlineData("https://cdn.site.example/app.js", "")]
    [InlineData("inline", "")]
    [InlineData("eval", "")]
    [InlineData("data", "")]
    [InlineData("https://notkaspersky-labs.com/x.js", "")]
    public void Blocked_url_detectors(string blocked, string expected) => Assert.Equal(expected, NoiseOf(Csp(blocked)));

    [Theory]
    [InlineData("chrome-extension://id/inject.js", "browser-extension")]
    [InlineData("safari-web-extension", "browser-extension")]
    [InlineData("view-source:https://site.example/", "browser-internal")]
    [InlineData("https://gc.kis.v2.scr.kaspersky-labs.com/main.js", "injected-script")]
    [InlineData("https://site.example/app.js", "")]
    public void Source_file_detectors(string source, string expected) => Assert.Equal(expected, NoiseOf(Csp("inline", source)));

    [Theory]
    [InlineData(";(function installGlobalHook(window) {", "injected-script")]
    [InlineData("try{(function() { for(var lastpass_it", "injected-script")]
    [InlineData("try {  window.AG_onLoad = function(", "injected-script")]
    [InlineData("var BlockAdBlock = function", "injected-script")]
    [InlineData("background-image: url(moz-extension://9c...", "browser-extension")]
    [InlineData("console.log('hello')", "")]
    public void Sample_detectors(string sample, string expected) => Assert.Equal(expected, NoiseOf(Csp("inline", sample: sample)));

    [Theory]
    [InlineData("about:blank", "browser-internal")]
    [InlineData("view-source:https://site.example/", "browser-internal")]
    [InlineData("file:///C:/Users/me/page.html", "browser-internal")]
    [InlineData("chrome-extension://id/popup.html", "browser-extension")]
    [InlineData("http://site.example/", "")]
    [InlineData("[Anonymised]", "")]
    public void Pages_that_are_not_http_are_flagged(string document, string expected) =>
        Assert.Equal(expected, NoiseOf(Csp("https://cdn.site.example/x.js", document: document)));

    [Fact]
    public void Every_builtin_list_entry_is_well_formed()
    {
        Assert.All(BuiltinLists.ExtensionSchemes.Concat(BuiltinLists.BrowserSchemes), s => Assert.Matches("^[a-z][a-z0-9+.-]*$", s));
        Assert.Empty(BuiltinLists.ExtensionSchemes.Intersect(BuiltinLists.BrowserSchemes));
        Assert.All(BuiltinLists.InjectedHosts, h => Assert.Matches(@"^[a-z0-9-]+(\.[a-z0-9-]+)+$", h.Domain));
        Assert.Contains(" abNoOp", BuiltinLists.InjectedSamples); // a leading space is part of the fragment
        Assert.True(BuiltinLists.InjectedSamples.Count >= 10);
    }
}
