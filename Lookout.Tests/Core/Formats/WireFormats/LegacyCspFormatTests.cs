using Lookout.Core.Deliveries;
using Lookout.Core.Reports;
using static Lookout.Tests.Formats.FormatTestKit;

namespace Lookout.Tests.Formats.WireFormats;

/// <summary>Legacy CSP report-uri bodies of every browser, converted to the generic body.</summary>
public class LegacyCspFormatTests
{
    [Fact]
    public void Legacy_csp_mdn_sample_is_converted_to_generic_names()
    {
        var r = Assert.Single(Fixture("csp-legacy/django-lookout-1.json", "application/csp-report"));
        Assert.Equal("http://example.com/signup.html", r.Url);
        Assert.Equal("http://example.com/signup.html", r.Str("DocumentUrl"));
        Assert.Equal("http://example.com/css/style.css", r.Str("BlockedUrl"));
        Assert.Equal("style-src", r.Str("EffectiveDirective"));
        Assert.Equal("style-src cdn.example.com", r.Str("ViolatedDirective"));
        Assert.Equal("report", r.Str("Disposition"));
        Assert.Equal("", r.Str("Referrer"));
        Assert.Contains("\"documentURL\":\"http://example.com/signup.html\"", r.Body);
        Assert.Contains("\"blockedURL\":", r.Body);
        Assert.Contains("\"effectiveDirective\":\"style-src\"", r.Body);
        Assert.Contains("\"originalPolicy\":", r.Body);
        Assert.DoesNotContain("document-uri", r.Body);
    }

    [Fact]
    public void Chrome_legacy_report_gives_every_csp_field()
    {
        var r = Assert.Single(Parse(Published("csp-legacy/nico-4.json"), "application/csp-report").Reports);
        Assert.Equal("script-src", r.Str("EffectiveDirective"));
        Assert.Equal("enforce", r.Str("Disposition"));
        Assert.Equal("inline", r.Str("BlockedUrl"));
        Assert.Equal(674, r.Int("LineNumber"));
        Assert.Equal(23, r.Int("ColumnNumber"));
        Assert.Equal(0, r.Int("StatusCode"));
        Assert.Equal("", r.Str("Sample"));
    }

    [Fact]
    public void Bare_firefox_report_without_wrapper_is_recognised()
    {
        var r = Assert.Single(Parse(Published("csp-legacy/nico-15.json"), "application/csp-report").Reports);
        Assert.Equal("moz-extension", r.Str("SourceFile"));
        Assert.Equal(263, r.Int("LineNumber"));
        Assert.Equal(13, r.Int("ColumnNumber"));
        Assert.Equal("img-src", r.Str("EffectiveDirective"));
    }

    [Fact]
    public void Snake_case_spellings_are_read()
    {
        var r = Assert.Single(Parse(Published("csp-legacy/nico-14.json"), "application/csp-report").Reports);
        Assert.Equal("inline", r.Str("BlockedUrl"));
        Assert.Equal("script-src", r.Str("EffectiveDirective"));
        Assert.Equal(1, r.Int("LineNumber"));
        Assert.StartsWith(";!function()", r.Str("Sample"));
    }

    [Fact]
    public void Securitypolicyviolation_event_names_posted_as_json_are_a_csp_report()
    {
        var r = Assert.Single(Parse(Published("malformed/nico-1.json"), "application/json").Reports);
        Assert.Equal("csp-violation", r.Type);
        Assert.Equal("https://app.borderwise.com/?authtoken=xxx", r.Str("DocumentUrl"));
        Assert.Equal("connect-src", r.Str("EffectiveDirective"));
        Assert.Equal(200, r.Int("StatusCode"));
        Assert.Equal(0, r.Int("LineNumber"));
    }

    [Fact]
    public void Old_webkit_document_url_spelling_is_read()
    {
        var r = Assert.Single(Parse(Published("malformed/tollmanz-1.json"), "application/csp-report").Reports);
        Assert.StartsWith("http://example.com/csp?", r.Str("DocumentUrl"));
        Assert.Equal("default-src", r.Str("EffectiveDirective"));
    }

    [Fact]
    public void Numbers_sent_as_strings_become_numbers_in_fields_and_body()
    {
        var r = Assert.Single(Parse(Published("csp-legacy/django-csp-reports-1.json"), "application/csp-report").Reports);
        Assert.Equal(36, r.Int("LineNumber"));
        Assert.Equal(32, r.Int("ColumnNumber"));
        Assert.Equal(0, r.Int("StatusCode"));
        Assert.Equal("http://dangerous.example.cz/", r.Str("BlockedUrl"));
        Assert.Equal("Very", r.Str("EffectiveDirective"));
        Assert.Contains("\"lineNumber\":36", r.Body);
    }

    [Theory]
    [InlineData("csp-legacy/django-csp-reports-4.json")] // -666
    [InlineData("csp-legacy/tollmanz-3.json")] // "what", "blah"
    public void Nonsense_numbers_leave_the_field_absent(string file)
    {
        var r = Assert.Single(Parse(Published(file), "application/csp-report").Reports);
        Assert.Equal("csp-violation", r.Type);
        Assert.Null(r.Field("LineNumber"));
        Assert.Null(r.Field("ColumnNumber"));
    }

    [Theory]
    [InlineData("blocked-uri")]
    [InlineData("blockedURL")]
    [InlineData("blockedURI")]
    public void Every_blocked_url_spelling_becomes_blockedURL(string name)
    {
        var r = Single($$$"""{"csp-report":{"document-uri":"https://a.example/","violated-directive":"img-src","{{{name}}}":"https://b.example/"}}""", "application/csp-report");
        Assert.Equal("https://b.example/", r.Str("BlockedUrl"));
        Assert.Contains("\"blockedURL\":\"https://b.example/\"", r.Body);
    }

    [Theory]
    [InlineData("script-sample")]
    [InlineData("sample")]
    public void Script_sample_spellings_become_sample(string name)
    {
        var r = Single($$$"""{"csp-report":{"documentURL":"https://a.example/","effective-directive":"script-src-elem","{{{name}}}":"alert(1)"}}""", "application/csp-report");
        Assert.Equal("alert(1)", r.Str("Sample"));
        Assert.Equal("script-src-elem", r.Str("EffectiveDirective"));
        Assert.Equal("https://a.example/", r.Str("DocumentUrl"));
    }

    [Fact]
    public void Unknown_legacy_members_are_kept_in_the_body()
    {
        var r = Single("""{"csp-report":{"document-uri":"https://a.example/","violated-directive":"img-src","x-extra":{"a":[1,2]}}}""", "application/csp-report");
        Assert.Contains("\"x-extra\":{\"a\":[1,2]}", r.Body);
    }

    [Theory]
    [InlineData("\"42\"", 42L)]
    [InlineData("42", 42L)]
    [InlineData("42.0", 42L)]
    [InlineData("\" 7 \"", 7L)]
    [InlineData("\"blah\"", null)]
    [InlineData("-666", null)]
    [InlineData("\"-1\"", null)]
    [InlineData("null", null)]
    [InlineData("{}", null)]
    [InlineData("[1]", null)]
    [InlineData("1.5", null)]
    [InlineData("true", null)]
    [InlineData("99999999999999999999999", null)]
    public void Line_numbers_are_read_leniently(string json, long? expected)
    {
        var r = Single($$$$"""{"csp-report":{"document-uri":"https://a.example/","violated-directive":"img-src","line-number":{{{{json}}}}}}""", "application/csp-report");
        Assert.Equal(expected, r.Int("LineNumber"));
    }
}
