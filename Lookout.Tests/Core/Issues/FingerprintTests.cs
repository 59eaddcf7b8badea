using Lookout.Core.Issues;
using Lookout.Tests.Formats;

namespace Lookout.Tests.Issues;

/// <summary>
/// Reports a person would call the same problem share a fingerprint; different problems don't. Built from
/// the published fixtures and Chromium captures with one thing changed at a time.
/// </summary>
public class FingerprintTests
{
    private static IssueIdentity Identity(string json, string contentType = "application/reports+json") =>
        IssueRules.Identify(FormatTestKit.Single(json, contentType));

    private static string CspReport(string document = "https://shop.example/checkout?session=1", string blocked = "https://evil.example/x.js?v=1",
        string directive = "script-src-elem", string disposition = "enforce", int line = 10, int age = 5) =>
        $$$"""[{"type":"csp-violation","age":{{{age}}},"url":"{{{document}}}","body":{"documentURL":"{{{document}}}","blockedURL":"{{{blocked}}}","effectiveDirective":"{{{directive}}}","disposition":"{{{disposition}}}","lineNumber":{{{line}}},"sourceFile":"https://shop.example/app.js?b={{{line}}}"}}]""";

    [Fact]
    public void Csp_reports_differing_only_in_query_strings_line_numbers_and_age_share_a_fingerprint()
    {
        var a = Identity(CspReport());
        var b = Identity(CspReport(document: "https://shop.example/checkout?session=2#top", blocked: "https://evil.example/other.js?v=9", line: 99, age: 60000));
        Assert.Equal(a.Fingerprint, b.Fingerprint);
        Assert.Equal("script-src-elem blocked https://evil.example on /checkout", a.Title);
    }

    [Theory]
    [InlineData("directive", "img-src")]
    [InlineData("blocked", "https://cdn.example/x.js")]
    [InlineData("blocked", "inline")]
    [InlineData("document", "https://shop.example/cart")]
    [InlineData("disposition", "report")]
    public void Csp_reports_with_another_directive_blocked_origin_page_or_disposition_do_not(string change, string value)
    {
        var other = change switch
        {
            "directive" => CspReport(directive: value),
            "blocked" => CspReport(blocked: value),
            "document" => CspReport(document: value),
            _ => CspReport(disposition: value),
        };
        Assert.NotEqual(Identity(CspReport()).Fingerprint, Identity(other).Fingerprint);
    }

    [Fact]
    public void Legacy_and_reporting_api_csp_reports_of_one_problem_share_a_fingerprint()
    {
        var legacy = Identity("""{"csp-report":{"document-uri":"https://shop.example/checkout?x=1","blocked-uri":"https://evil.example/a.js","violated-directive":"script-src-elem https://shop.example","disposition":"enforce"}}""", "application/csp-report");
        Assert.Equal(Identity(CspReport()).Fingerprint, legacy.Fingerprint);
    }

    [Theory]
    [InlineData("inline", "inline")]
    [InlineData("eval", "eval")]
    [InlineData("data:image/png;base64,AAAA", "data")]
    [InlineData("blob:https://shop.example/1234", "blob")]
    [InlineData("chrome-extension://abcdef/inject.js", "chrome-extension://abcdef")]
    [InlineData("https://evil.example:8443/x?y", "https://evil.example:8443")]
    [InlineData("", "(none)")]
    public void Blocked_values_reduce_to_keyword_or_origin(string blocked, string expected) =>
        Assert.Equal(expected, UrlParts.BlockedOriginOrKeyword(blocked));

    [Fact]
    public void Every_published_legacy_csp_report_with_the_same_directive_blocked_origin_and_page_shares_a_fingerprint_only_with_such()
    {
        var reports = Directory.GetFiles(Path.Combine(FormatTestKit.FixtureRoot, "published", "csp-legacy"))
            .SelectMany(f => FormatTestKit.Parse(File.ReadAllBytes(f), "application/csp-report").Reports)
            .ToList();
        Assert.True(reports.Count > 20);
        foreach (var group in reports.GroupBy(r => IssueRules.Identify(r).Fingerprint))
        {
            var keys = group.Select(r => (r.TextOf("EffectiveDirective"), UrlParts.BlockedOriginOrKeyword(r.TextOf("BlockedUrl")),
                UrlParts.OriginAndPath(r.TextOf("DocumentUrl")), r.TextOf("Disposition"))).Distinct();
            Assert.Single(keys);
        }
    }

    private static string Nel(string url = "https://api.example/v1/items?id=3", string type = "http.error", string phase = "application", int status = 500, int elapsed = 12) =>
        $$$"""[{"type":"network-error","age":1,"url":"{{{url}}}","body":{"type":"{{{type}}}","phase":"{{{phase}}}","status_code":{{{status}}},"elapsed_time":{{{elapsed}}},"server_ip":"192.0.2.1","protocol":"h2","method":"GET","sampling_fraction":1.0}}]""";

    [Fact]
    public void Nel_reports_of_one_origin_error_type_and_phase_share_a_fingerprint_whatever_the_path_or_timing()
    {
        Assert.Equal(Identity(Nel()).Fingerprint, Identity(Nel(url: "https://api.example/v2/other?x=1", elapsed: 900, status: 502)).Fingerprint);
        Assert.NotEqual(Identity(Nel()).Fingerprint, Identity(Nel(type: "tcp.timed_out", phase: "connection")).Fingerprint);
        Assert.NotEqual(Identity(Nel()).Fingerprint, Identity(Nel(url: "https://cdn.example/x")).Fingerprint);
        Assert.Equal("http.error (application) on https://api.example", Identity(Nel()).Title);
    }

    [Fact]
    public void Deprecations_share_a_fingerprint_by_id_and_script_without_query()
    {
        static string Dep(string id, string source, int line) =>
            $$$"""[{"type":"deprecation","age":1,"url":"https://a.example/p?q={{{line}}}","body":{"id":"{{{id}}}","message":"m {{{line}}}","sourceFile":"{{{source}}}","lineNumber":{{{line}}}}}]""";
        var a = Identity(Dep("websql", "https://a.example/app.js?v=1", 1));
        Assert.Equal(a.Fingerprint, Identity(Dep("websql", "https://a.example/app.js?v=2", 7)).Fingerprint);
        Assert.NotEqual(a.Fingerprint, Identity(Dep("PrefixedStorageInfo", "https://a.example/app.js?v=1", 1)).Fingerprint);
        Assert.NotEqual(a.Fingerprint, Identity(Dep("websql", "https://a.example/other.js", 1)).Fingerprint);
        Assert.Equal("deprecation: websql in /app.js", a.Title);
    }

    [Fact]
    public void Chromium_captures_of_the_same_case_share_a_fingerprint_and_differ_across_cases()
    {
        var byCase = Directory.GetFiles(Path.Combine(FormatTestKit.FixtureRoot, "chromium"), "*.json")
            .Where(f => Path.GetFileName(f) != "index.json")
            .Select(f => (Case: Path.GetFileNameWithoutExtension(f), Reports: FormatTestKit.Parse(File.ReadAllBytes(f),
                Path.GetFileName(f).StartsWith("csp-enforce-report-uri", StringComparison.Ordinal) || Path.GetFileName(f).StartsWith("csp-report-only-report-uri", StringComparison.Ordinal)
                    ? "application/csp-report" : "application/reports+json").Reports))
            .Where(c => c.Reports.Count > 0)
            .ToList();
        Assert.NotEmpty(byCase);
        // The image-blocking CSP cases block the same image on different pages: different issues.
        var cspPages = byCase.Where(c => c.Case.StartsWith("csp-", StringComparison.Ordinal))
            .Select(c => IssueRules.Identify(c.Reports[0]).Fingerprint).ToList();
        Assert.Equal(cspPages.Count, cspPages.Distinct().Count());
    }

    [Fact]
    public void Unrecognised_reports_are_grouped_by_reason_and_origin()
    {
        var a = IssueRules.Identify(FormatTestKit.Single("""{"hello":"world"}""", "application/json"));
        var b = IssueRules.Identify(FormatTestKit.Single("""{"hello":"other"}""", "application/json"));
        Assert.Equal(a.Fingerprint, b.Fingerprint);
        Assert.StartsWith("unrecognised:", a.Title);
    }

    [Fact]
    public void Titles_are_bounded()
    {
        var identity = Identity(CspReport(document: "https://shop.example/" + new string('p', 5000)));
        Assert.True(identity.Title.Length <= IssueIdentity.MaxTitleLength);
        Assert.Matches("^[0-9a-f]{16}$", identity.Fingerprint);
    }
}
