using System.Text.Json.Nodes;
using Lookout.Core.Deliveries;
using Lookout.Core.Reports;
using static Lookout.Tests.Formats.FormatTestKit;

namespace Lookout.Tests.Formats.Kinds;

/// <summary>CSP violations whatever the wire format: key fields and the derived effective directive.</summary>
public class CspViolationTests
{
    [Fact]
    public void Chrome_reporting_api_batch_gives_each_violation_its_fields()
    {
        var reports = Fixture("csp-violation/go-csp-collector-1.json");
        Assert.All(reports, r => Assert.Equal("script-src-elem", r.Str("EffectiveDirective")));
        var inline = Assert.Single(reports, r => r.Str("BlockedUrl") == "inline");
        Assert.Equal("https://integrations.miro.com/asana-cards/miro-plugin.html", inline.Str("DocumentUrl"));
        Assert.Equal("report", inline.Str("Disposition"));
        Assert.Equal(156165, inline.AgeMilliseconds);
        Assert.StartsWith("Mozilla/5.0 (Macintosh", inline.UserAgent);
        Assert.NotNull(inline.Url);
        Assert.Null(inline.Field("DispositionRaw"));
    }

    [Fact]
    public void Firefox_report_without_effective_directive_takes_it_from_violated_directive()
    {
        var r = Assert.Single(Parse(Published("csp-legacy/tollmanz-1.json"), "application/csp-report").Reports);
        Assert.Equal("img-src", r.Str("EffectiveDirective"));
        Assert.Null(r.Field("Disposition"));
        Assert.Null(r.Field("StatusCode"));
    }

    [Fact]
    public void Unrecognised_disposition_is_kept_raw_and_not_normalized()
    {
        var r = Assert.Single(Parse(Published("csp-legacy/django-csp-reports-3.json"), "application/csp-report").Reports);
        Assert.Null(r.Field("Disposition"));
        Assert.Equal("INVALID", r.Str("DispositionRaw"));
        Assert.Contains("\"disposition\":\"INVALID\"", r.Body);
    }

    [Theory]
    [InlineData("enforce", "enforce")]
    [InlineData("report", "report")]
    [InlineData("reporting", "report")]
    [InlineData("report-only", "report")]
    [InlineData("Report-Only", "report")]
    public void Disposition_spellings_are_normalized_and_the_sent_one_kept(string raw, string normalized)
    {
        var r = Single($$$"""{"csp-report":{"document-uri":"https://a.example/","violated-directive":"img-src","disposition":"{{{raw}}}"}}""", "application/csp-report");
        Assert.Equal(normalized, r.Str("Disposition"));
        Assert.Equal(raw == normalized ? null : raw, r.Str("DispositionRaw"));
    }
}

/// <summary>The CSP fingerprint rule (docs/schema.md "Issues"), one test per part, from the Chromium captures and published reports.</summary>
public class CspViolationIssueTests
{
    private static readonly JsonObject Blocked = IssueKit.Capture("csp-enforce-report-to-1.json");
    private static readonly JsonObject Inline = IssueKit.PublishedReport("csp-violation/go-csp-collector-1.json");

    [Fact]
    public void One_resource_blocked_on_200_pages_is_one_issue_whatever_the_page_query_line_or_age()
    {
        var fingerprints = Enumerable.Range(0, 200).Select(i => IssueKit.FingerprintOf(Blocked
            .With("url", $"https://shop.example/product/{i}?ref={i}")
            .With("body.documentURL", $"https://shop.example/product/{i}?ref={i}")
            .With("body.blockedURL", $"https://127.0.0.1:44979/img.gif?v={i}")
            .With("body.lineNumber", i).With("age", i * 1000)));
        Assert.Single(fingerprints.Distinct());
        Assert.Equal("img-src blocked https://127.0.0.1:44979", IssueKit.IssueOf(Blocked).Title);
    }

    [Theory]
    [InlineData("body.effectiveDirective", "script-src-elem")]
    [InlineData("body.blockedURL", "https://tracker.example/img.gif")]
    [InlineData("body.blockedURL", "data:image/png;base64,AAAA")]
    [InlineData("body.disposition", "report")]
    public void Another_directive_blocked_origin_or_disposition_is_another_issue(string path, string value) =>
        Assert.NotEqual(IssueKit.FingerprintOf(Blocked), IssueKit.FingerprintOf(Blocked.With(path, value)));

    [Fact]
    public void Inline_scripts_are_one_issue_per_script_sample_with_whitespace_collapsed_whatever_the_page()
    {
        var samples = new[] { "window.dataLayer=[]", "gtag('config','G-1')", "console.log(1)" };
        var onePage = samples.Select(s => IssueKit.FingerprintOf(Inline.With("body.sample", s))).ToList();
        Assert.Equal(3, onePage.Distinct().Count());
        var fortyPages = Enumerable.Range(0, 40).Select(i => IssueKit.FingerprintOf(Inline
            .With("url", $"https://blog.example/post/{i}").With("body.documentURL", $"https://blog.example/post/{i}")
            .With("body.sourceFile", $"https://blog.example/post/{i}").With("body.sample", i % 2 == 0 ? "window.dataLayer=[]" : "  window.dataLayer=[]\n")));
        Assert.Single(fortyPages.Distinct());
        // Collapsed, not removed: a sample whose tokens differ is another snippet.
        Assert.NotEqual(IssueKit.FingerprintOf(Inline.With("body.sample", "a = 1")), IssueKit.FingerprintOf(Inline.With("body.sample", "a=1")));
        Assert.Equal("script-src-elem blocked inline: window.dataLayer=[] (report-only)", IssueKit.IssueOf(Inline.With("body.sample", "window.dataLayer=[]")).Title);
    }

    [Fact]
    public void Inline_scripts_without_a_sample_are_one_issue_per_script_file_else_per_document_origin()
    {
        // The captured inline report names the document itself as its source file: the document's origin identifies it.
        var pageA = Inline.With("body.documentURL", "https://integrations.miro.com/a").With("body.sourceFile", "https://integrations.miro.com/a");
        Assert.Equal(IssueKit.FingerprintOf(Inline), IssueKit.FingerprintOf(pageA));
        Assert.NotEqual(IssueKit.FingerprintOf(Inline), IssueKit.FingerprintOf(pageA.With("body.documentURL", "https://other.example/a").With("body.sourceFile", null)));
        // A script file of its own (an event handler it set, a timer's string) identifies it on every page.
        var fromFile = Inline.With("body.sourceFile", "https://integrations.miro.com/app.js?v=1");
        Assert.NotEqual(IssueKit.FingerprintOf(Inline), IssueKit.FingerprintOf(fromFile));
        Assert.Equal(IssueKit.FingerprintOf(fromFile), IssueKit.FingerprintOf(fromFile.With("body.documentURL", "https://integrations.miro.com/b").With("body.sourceFile", "https://integrations.miro.com/app.js?v=2")));
        Assert.NotEqual(IssueKit.FingerprintOf(fromFile), IssueKit.FingerprintOf(fromFile.With("body.sourceFile", "https://integrations.miro.com/other.js")));
    }

    [Theory]
    [InlineData("eval")]
    [InlineData("wasm-eval")]
    [InlineData("trusted-types-sink")]
    [InlineData("trusted-types-policy")]
    public void Eval_wasm_eval_and_trusted_types_reports_are_split_by_sample_like_inline(string keyword)
    {
        var report = Inline.With("body.blockedURL", keyword);
        Assert.NotEqual(IssueKit.FingerprintOf(report.With("body.sample", "x(1)")), IssueKit.FingerprintOf(report.With("body.sample", "y(2)")));
        Assert.Equal(IssueKit.FingerprintOf(report.With("body.sample", "x(1)")),
            IssueKit.FingerprintOf(report.With("body.sample", "x(1) ").With("body.documentURL", "https://integrations.miro.com/other")));
    }

    [Fact]
    public void Legacy_report_uri_and_reporting_api_shapes_of_one_problem_share_a_fingerprint()
    {
        var legacy = IssueKit.Capture("csp-enforce-report-uri-1.json");
        Assert.Equal(IssueKit.FingerprintOf(Blocked), IssueKit.FingerprintOf(legacy, "application/csp-report"));
        Assert.Equal(IssueKit.FingerprintOf(Blocked), IssueKit.FingerprintOf(IssueKit.Capture("csp-report-to-v0-1.json")));
        Assert.Equal(IssueKit.FingerprintOf(IssueKit.Capture("csp-report-only-report-to-1.json")),
            IssueKit.FingerprintOf(IssueKit.Capture("csp-report-only-report-uri-1.json"), "application/csp-report"));
        // An inline script with its sample: legacy script-sample and Reporting API sample.
        var legacyInline = legacy.With("csp-report.blocked-uri", "inline").With("csp-report.effective-directive", "script-src-elem")
            .With("csp-report.disposition", "report").With("csp-report.script-sample", "window.dataLayer=[]");
        Assert.Equal(IssueKit.FingerprintOf(Inline.With("body.sample", "window.dataLayer=[]")), IssueKit.FingerprintOf(legacyInline, "application/csp-report"));
        // The 2018 draft's type "csp".
        var draft = new JsonObject { ["type"] = "csp", ["url"] = "https://a.example/", ["body"] = new JsonObject { ["directive"] = "img-src", ["blocked"] = "https://127.0.0.1:44979/x.gif", ["disposition"] = "enforce" } };
        Assert.Equal(IssueKit.FingerprintOf(Blocked), IssueKit.FingerprintOf(draft));
    }

    [Fact]
    public void Every_published_csp_report_shares_a_fingerprint_only_with_reports_of_its_directive_blocked_value_and_disposition()
    {
        var reports = Directory.GetFiles(Path.Combine(FixtureRoot, "published", "csp-legacy"))
            .SelectMany(f => Parse(File.ReadAllBytes(f), "application/csp-report").Reports)
            .Concat(Fixture("csp-violation/go-csp-collector-1.json"))
            .ToList();
        Assert.True(reports.Count > 20);
        foreach (var group in reports.GroupBy(r => Lookout.Core.Issues.IssueRules.Identify(r).Fingerprint))
            Assert.Single(group.Select(r => (r.Str("EffectiveDirective"), Lookout.Core.Issues.UrlParts.BlockedOriginOrKeyword(r.Str("BlockedUrl")), r.Str("Disposition"))).Distinct());
    }
}
