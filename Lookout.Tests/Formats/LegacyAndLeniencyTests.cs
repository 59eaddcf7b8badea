using Lookout.Core.Deliveries;
using Lookout.Core.Reports;
using static Lookout.Tests.Formats.FormatTestKit;

namespace Lookout.Tests.Formats;

/// <summary>Legacy CSP field sets, classification by wire format and shape, and the leniency rules.</summary>
public class LegacyAndLeniencyTests
{
    [Fact]
    public void Firefox_without_effective_directive_falls_back_to_first_token()
    {
        var r = Assert.Single(Parse(Published("csp-legacy/tollmanz-1.json"), "application/csp-report").Reports);
        Assert.Equal("img-src", r.Str("EffectiveDirective"));
        Assert.Null(r.Field("Disposition"));
        Assert.Null(r.Field("StatusCode"));
    }

    [Fact]
    public void Chrome_field_set()
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
    public void Unwrapped_firefox_report()
    {
        var r = Assert.Single(Parse(Published("csp-legacy/nico-15.json"), "application/csp-report").Reports);
        Assert.Equal("moz-extension", r.Str("SourceFile"));
        Assert.Equal(263, r.Int("LineNumber"));
        Assert.Equal(13, r.Int("ColumnNumber"));
        Assert.Equal("img-src", r.Str("EffectiveDirective"));
    }

    [Fact]
    public void Snake_case_field_set()
    {
        var r = Assert.Single(Parse(Published("csp-legacy/nico-14.json"), "application/csp-report").Reports);
        Assert.Equal("inline", r.Str("BlockedUrl"));
        Assert.Equal("script-src", r.Str("EffectiveDirective"));
        Assert.Equal(1, r.Int("LineNumber"));
        Assert.StartsWith(";!function()", r.Str("Sample"));
    }

    [Fact]
    public void Securitypolicyviolation_event_names_under_application_json()
    {
        var r = Assert.Single(Parse(Published("malformed/nico-1.json"), "application/json").Reports);
        Assert.Equal("csp-violation", r.Type);
        Assert.Equal("https://app.borderwise.com/?authtoken=xxx", r.Str("DocumentUrl"));
        Assert.Equal("connect-src", r.Str("EffectiveDirective"));
        Assert.Equal(200, r.Int("StatusCode"));
        Assert.Equal(0, r.Int("LineNumber"));
    }

    [Fact]
    public void Old_webkit_document_url_name()
    {
        var r = Assert.Single(Parse(Published("malformed/tollmanz-1.json"), "application/csp-report").Reports);
        Assert.StartsWith("http://example.com/csp?", r.Str("DocumentUrl"));
        Assert.Equal("default-src", r.Str("EffectiveDirective"));
    }

    [Fact]
    public void Numbers_as_strings_become_numbers()
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
    public void Nonsense_numbers_are_absent(string file)
    {
        var r = Assert.Single(Parse(Published(file), "application/csp-report").Reports);
        Assert.Equal("csp-violation", r.Type);
        Assert.Null(r.Field("LineNumber"));
        Assert.Null(r.Field("ColumnNumber"));
    }

    [Fact]
    public void Invalid_disposition_is_kept_raw_not_normalized()
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
    public void Disposition_spellings(string raw, string normalized)
    {
        var r = Single($$$"""{"csp-report":{"document-uri":"https://a.example/","violated-directive":"img-src","disposition":"{{{raw}}}"}}""", "application/csp-report");
        Assert.Equal(normalized, r.Str("Disposition"));
        Assert.Equal(raw == normalized ? null : raw, r.Str("DispositionRaw"));
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
    public void Lenient_line_numbers(string json, long? expected)
    {
        var r = Single($$$$"""{"csp-report":{"document-uri":"https://a.example/","violated-directive":"img-src","line-number":{{{{json}}}}}}""", "application/csp-report");
        Assert.Equal(expected, r.Int("LineNumber"));
    }

    [Theory]
    [InlineData("blocked-uri")]
    [InlineData("blockedURL")]
    [InlineData("blockedURI")]
    public void Blocked_url_aliases(string name)
    {
        var r = Single($$$"""{"csp-report":{"document-uri":"https://a.example/","violated-directive":"img-src","{{{name}}}":"https://b.example/"}}""", "application/csp-report");
        Assert.Equal("https://b.example/", r.Str("BlockedUrl"));
        Assert.Contains("\"blockedURL\":\"https://b.example/\"", r.Body);
    }

    [Theory]
    [InlineData("script-sample")]
    [InlineData("sample")]
    public void Sample_aliases(string name)
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

    [Fact]
    public void Safari_generic_object_under_csp_report_is_reporting_api()
    {
        var r = Single("""{"type":"csp-violation","url":"https://a.example/","body":{"documentURL":"https://a.example/","blockedURL":"eval","effectiveDirective":"script-src","disposition":"enforce","statusCode":200}}""", "application/csp-report");
        Assert.Equal("csp-violation", r.Type);
        Assert.Equal("reporting-api", r.SourceFormat);
        Assert.Equal("eval", r.Str("BlockedUrl"));
        Assert.Equal(200, r.Int("StatusCode"));
    }

    [Theory]
    [InlineData("application/reports+json")]
    [InlineData("APPLICATION/REPORTS+JSON; charset=UTF-8")]
    [InlineData("application/json")]
    [InlineData(" application/csp-report ; charset=utf-8")]
    public void Content_type_case_and_parameters_do_not_matter(string contentType)
    {
        var r = Single("""[{"type":"deprecation","age":"3","url":"https://a.example/","body":{"id":"x"}}]""", contentType);
        Assert.Equal("deprecation", r.Type);
        Assert.Equal(3, r.AgeMilliseconds);
    }

    [Fact]
    public void Unwrapped_expect_ct_under_its_own_content_type()
    {
        var r = Single("""{"date-time":"2018-03-12T05:55:12Z","hostname":"h.example","port":443,"effective-expiration-date":"2019-01-01T00:00:00Z"}""", "application/expect-ct-report");
        Assert.Equal("expect-ct", r.Type);
        Assert.Equal("h.example", r.Str("Hostname"));
    }

    [Fact]
    public void Hpkp_with_string_port_and_noted_hostname()
    {
        var r = Single("""{"date-time":"2014-04-06T13:00:50Z","hostname":"h.example","port":"8443","include-subdomains":true,"noted-hostname":"example","known-pins":["pin-sha256=\"x\""]}""", "application/json");
        Assert.Equal("hpkp", r.Type);
        Assert.Equal(8443, r.Int("Port"));
        Assert.True(r.Field("IncludeSubdomains")!.Value.AsBoolean);
        Assert.Equal("example", r.Str("NotedHostname"));
        Assert.Equal("https://h.example:8443/", r.Url);
    }

    [Theory]
    [InlineData("""{"a":1,"b":2,"c":3}""", "keys: a, b, c")]
    [InlineData("""{}""", "keys: none")]
    [InlineData("""{"type":"deprecation","url":"https://a.example/"}""", "keys: type, url")]
    [InlineData("""{"csp-report":"nope"}""", "csp-report")]
    public void Unrecognised_objects_become_unknown_with_reason(string json, string reasonPart)
    {
        var r = Single(json, "application/json");
        Assert.Equal(ReportTypes.Unknown, r.Type);
        Assert.Equal(json, r.Raw);
        Assert.Contains(reasonPart, r.UnknownReason);
    }

    [Theory]
    [InlineData("Deprecation")]
    [InlineData("a b")]
    [InlineData("x_y")]
    [InlineData("")]
    [InlineData("unknown")]
    public void Invalid_type_names_are_unknown(string type)
    {
        var r = Single($$$"""[{"type":"{{{type}}}","url":"https://a.example/","body":{}}]""");
        Assert.Equal(ReportTypes.Unknown, r.Type);
        Assert.Contains("not a valid type name", r.UnknownReason);
    }

    [Fact]
    public void Long_type_name_is_unknown()
    {
        var r = Single($$$"""[{"type":"{{{new string('a', 65)}}}","url":"https://a.example/","body":{}}]""");
        Assert.Equal(ReportTypes.Unknown, r.Type);
    }

    [Fact]
    public void Mixed_delivery_keeps_order_and_raw_slices()
    {
        var json = """[{"type":"test","url":"u","body":{"message":"1"}} , {"a":1}, {"type":"crash","url":"u","body":{"reason":"oom"}}]""";
        var result = Parse(json);
        Assert.Equal(["test", "unknown", "crash"], result.Reports.Select(r => r.Type));
        Assert.Equal("""{"a":1}""", result.Reports[1].Raw);
        Assert.Equal("""{"type":"crash","url":"u","body":{"reason":"oom"}}""", result.Reports[2].Raw);
    }

    [Fact]
    public void Content_type_that_lookout_does_not_accept()
    {
        Assert.False(ContentTypes.TryResolve("text/plain", out _));
    }
}
