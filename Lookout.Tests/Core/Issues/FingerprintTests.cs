using Lookout.Core.Issues;
using Lookout.Tests.Formats;

namespace Lookout.Tests.Issues;

/// <summary>
/// What every fingerprint rule shares. Each kind's own rule is tested in its kind's test file
/// (Core/Formats/Kinds/*Tests.cs, the <c>…IssueTests</c> classes), one test per rule.
/// </summary>
public class FingerprintTests
{
    [Theory]
    [InlineData("inline", "inline")]
    [InlineData("eval", "eval")]
    [InlineData("wasm-eval", "wasm-eval")]
    [InlineData("data:image/png;base64,AAAA", "data")]
    [InlineData("blob:https://shop.example/1234", "blob")]
    [InlineData("chrome-extension://abcdef/inject.js", "chrome-extension://abcdef")]
    [InlineData("https://evil.example:8443/x?y", "https://evil.example:8443")]
    [InlineData("", "(none)")]
    public void Blocked_values_reduce_to_keyword_or_origin(string blocked, string expected) =>
        Assert.Equal(expected, UrlParts.BlockedOriginOrKeyword(blocked));

    [Theory]
    [InlineData("  a\t\n b  ", "a b")]
    [InlineData("a  =  1", "a = 1")]
    [InlineData("'nonce-x' 42 \"q\"", "'nonce-x' 42 \"q\"")]
    [InlineData(" \n ", null)]
    public void Script_samples_have_whitespace_collapsed_and_nothing_else_changed(string sample, string? expected) =>
        Assert.Equal(expected, IssueParts.Sample(sample));

    [Fact]
    public void Chromium_captures_group_by_problem_not_by_page()
    {
        var byCase = Directory.GetFiles(Path.Combine(FormatTestKit.FixtureRoot, "chromium"), "*.json")
            .Where(f => Path.GetFileName(f) != "index.json")
            .ToDictionary(f => Path.GetFileNameWithoutExtension(f), f => IssueRules.Identify(FormatTestKit.Parse(File.ReadAllBytes(f),
                Path.GetFileName(f).Contains("report-uri", StringComparison.Ordinal) ? "application/csp-report" : "application/reports+json").Reports[0]).Fingerprint);
        // The CSP cases block the same image on different pages: one issue enforced, one report-only, whatever the wire format.
        Assert.Single(new[] { byCase["csp-enforce-report-uri-1"], byCase["csp-enforce-report-to-1"], byCase["csp-report-to-v0-1"] }.Distinct());
        Assert.Equal(byCase["csp-report-only-report-uri-1"], byCase["csp-report-only-report-to-1"]);
        Assert.NotEqual(byCase["csp-enforce-report-to-1"], byCase["csp-report-only-report-to-1"]);
        // Every other case is a problem of its own.
        var others = byCase.Where(c => !c.Key.StartsWith("csp-", StringComparison.Ordinal)).Select(c => c.Value).ToList();
        Assert.Equal(others.Count, others.Distinct().Count());
    }

    [Fact]
    public void A_report_of_a_type_no_kind_declares_is_one_issue_per_type_and_origin()
    {
        static IssueIdentity Future(string type, string url) =>
            IssueRules.Identify(FormatTestKit.Single($$$"""[{"type":"{{{type}}}","url":"{{{url}}}","body":{"x":1}}]"""));
        Assert.Equal(Future("speculation-rules", "https://a.example/p1").Fingerprint, Future("speculation-rules", "https://a.example/p2?q").Fingerprint);
        Assert.NotEqual(Future("speculation-rules", "https://a.example/p1").Fingerprint, Future("speculation-rules", "https://b.example/p1").Fingerprint);
        Assert.NotEqual(Future("speculation-rules", "https://a.example/p1").Fingerprint, Future("other-thing", "https://a.example/p1").Fingerprint);
        Assert.Equal("speculation-rules on https://a.example", Future("speculation-rules", "https://a.example/p1").Title);
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
        var identity = IssueRules.Identify(FormatTestKit.Single($$$"""[{"type":"csp-violation","url":"https://a.example/","body":{"effectiveDirective":"script-src","blockedURL":"inline","sample":"{{{new string('p', 5000)}}}"}}]"""));
        Assert.True(identity.Title.Length <= IssueIdentity.MaxTitleLength);
        Assert.Matches("^[0-9a-f]{16}$", identity.Fingerprint);
    }
}
