using Lookout.Core.Reports;
using static Lookout.Tests.Formats.FormatTestKit;

namespace Lookout.Tests.Formats;

/// <summary>Specific field values per report type, from the published examples and the specs' member lists.</summary>
public class ReportTypeTests
{
    private static IReadOnlyList<NormalizedReport> Fixture(string file, string contentType = "application/reports+json")
    {
        var result = Parse(Published(file), contentType);
        Assert.True(result.IsSuccess, result.Error?.Message);
        return result.Reports;
    }

    [Fact]
    public void Csp_violation_reporting_api_chrome_batch()
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
    public void Network_error_fields()
    {
        var r = Assert.Single(Fixture("network-error/nel-collector-1.json"));
        Assert.Equal("application", r.Str("Phase"));
        Assert.Equal("203.0.113.75", r.Str("ServerIp"));
        Assert.Equal("h2", r.Str("Protocol"));
        Assert.Equal(200, r.Int("StatusCode"));
        Assert.Equal(0.5, r.Field("SamplingFraction")!.Value.AsDouble);
        Assert.Equal("https://example.com/", r.Str("Referrer"));
        Assert.Equal(500, r.AgeMilliseconds);
        Assert.NotNull(r.Str("ErrorType"));
        Assert.NotNull(r.Int("ElapsedTime"));
    }

    [Fact]
    public void Network_error_dns_failure_from_spec()
    {
        var r = Assert.Single(Fixture("network-error/w3c-spec-2.json"));
        Assert.Equal("dns", r.Str("Phase"));
        Assert.Equal("dns.name_not_resolved", r.Str("ErrorType"));
        Assert.Equal("", r.Str("ServerIp"));
        Assert.Equal(1.0, r.Field("SamplingFraction")!.Value.AsDouble);
    }

    [Fact]
    public void Deprecation_fields_and_anticipated_removal()
    {
        var r = Assert.Single(Fixture("deprecation/django-lookout-1.json"));
        Assert.Equal("websql", r.Str("ReportId"));
        Assert.StartsWith("WebSQL is deprecated", r.Str("Message"));
        Assert.Equal("https://foo.com/index.js", r.Str("SourceFile"));
        Assert.Equal(1234, r.Int("LineNumber"));
        Assert.Equal(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), r.Field("AnticipatedRemoval")!.Value.AsDateTime);
        Assert.Equal("https://example.com/", r.Url);
    }

    [Fact]
    public void Crash_reason()
    {
        var r = Assert.Single(Fixture("crash/wicg-crash-reporting-1.json"));
        Assert.Equal("oom", r.Str("Reason"));
        Assert.Equal(42, r.AgeMilliseconds);
        Assert.Equal("https://example.com/", r.Url);
        Assert.Equal("{\n          \"reason\": \"oom\"\n        }", r.Body);
    }

    [Fact]
    public void Hpkp_fields_and_incident_time()
    {
        var r = Assert.Single(Fixture("hpkp/django-lookout-1.json", "application/json; charset=utf-8"));
        Assert.Equal("www.example.com", r.Str("Hostname"));
        Assert.Equal(443, r.Int("Port"));
        Assert.False(r.Field("IncludeSubdomains")!.Value.AsBoolean);
        Assert.Equal(new DateTimeOffset(2014, 5, 1, 12, 40, 50, TimeSpan.Zero), r.Field("EffectiveExpirationDate")!.Value.AsDateTime);
        Assert.Equal(new DateTimeOffset(2014, 4, 6, 13, 0, 50, TimeSpan.Zero), r.OccurredAt);
        Assert.Equal("https://www.example.com/", r.Url);
        Assert.Equal(r.OccurredAt, r.IncidentAt(DateTimeOffset.UtcNow));
    }

    [Fact]
    public void Expect_ct_wrapped_with_string_port()
    {
        var r = Assert.Single(Fixture("expect-ct/django-lookout-1.json", "application/expect-ct-report+json"));
        Assert.Equal("www.example.com", r.Str("Hostname"));
        Assert.Equal(443, r.Int("Port"));
        Assert.Equal(new DateTimeOffset(2018, 3, 12, 5, 55, 12, TimeSpan.Zero), r.OccurredAt);
        Assert.Equal(new DateTimeOffset(2019, 1, 1, 5, 55, 12, TimeSpan.Zero), r.Field("EffectiveExpirationDate")!.Value.AsDateTime);
    }

    [Fact]
    public void Expect_staple_unwrapped_and_wrapped()
    {
        var r = Assert.Single(Fixture("expect-staple/django-lookout-1.json", "application/json"));
        Assert.Equal("PROVIDED", r.Str("ResponseStatus"));
        Assert.Equal("GOOD", r.Str("CertStatus"));
        Assert.Equal(443, r.Int("Port"));
        var wrapped = Single("""{"expect-staple-report":{"date-time":"2017-03-12T05:55:12Z","hostname":"a.example","port":8443,"response-status":"ERROR_RESPONSE"}}""", "application/json");
        Assert.Equal("expect-staple", wrapped.Type);
        Assert.Equal("ERROR_RESPONSE", wrapped.Str("ResponseStatus"));
        Assert.Equal("https://a.example:8443/", wrapped.Url);
    }

    [Fact]
    public void Draft_2018_type_names_map_to_current_slugs()
    {
        var reports = Fixture("reporting-mixed/django-lookout-1.json");
        Assert.Equal("https://evil.com/evil.js", reports[0].Str("BlockedUrl"));
        Assert.Equal("script-src", reports[0].Str("EffectiveDirective"));
        Assert.Equal(200, reports[0].Int("StatusCode"));
        Assert.Equal("www.example.com", reports[1].Str("Hostname"));
        Assert.Equal("234.233.232.231", reports[2].Str("ServerIp"));
        Assert.Equal(0, reports[2].Int("StatusCode"));
    }

    [Fact]
    public void Future_type_keeps_its_own_slug_without_fields()
    {
        var r = Assert.Single(Fixture("reporting-mixed/nel-collector-1.json"));
        Assert.Equal("another-error", r.Type);
        Assert.Empty(r.Fields);
        Assert.Contains("random", r.Body);
    }

    [Fact]
    public void Coep_body()
    {
        var r = Single("""[{"type":"coep","age":1,"url":"https://a.example/","user_agent":"UA","body":{"type":"corp","blockedURL":"https://b.example/x.js","disposition":"reporting","destination":"script"}}]""");
        Assert.Equal("coep", r.Type);
        Assert.Equal("corp", r.Str("ViolationType"));
        Assert.Equal("https://b.example/x.js", r.Str("BlockedUrl"));
        Assert.Equal("report", r.Str("Disposition"));
        Assert.Equal("reporting", r.Str("DispositionRaw"));
        Assert.Equal("script", r.Str("Destination"));
        Assert.Equal("UA", r.UserAgent);
    }

    [Fact]
    public void Coop_body()
    {
        var r = Single("""[{"type":"coop","age":5,"url":"https://a.example/","body":{"disposition":"enforce","effectivePolicy":"same-origin","previousResponseURL":"https://c.example/","type":"navigation-from-response"}}]""");
        Assert.Equal("coop", r.Type);
        Assert.Equal("enforce", r.Str("Disposition"));
        Assert.Equal("same-origin", r.Str("EffectivePolicy"));
        Assert.Equal("https://c.example/", r.Str("PreviousResponseUrl"));
        Assert.Equal("navigation-from-response", r.Str("ViolationType"));
        var access = Single("""{"type":"coop","url":"https://a.example/","body":{"disposition":"reporting","effectivePolicy":"same-origin-plus-coep","property":"postMessage","type":"access-to-coop-page-from-opener","openerURL":"https://o.example/","sourceFile":"https://a.example/a.js","lineNumber":"10","columnNumber":3}}""");
        Assert.Equal("postMessage", access.Str("Property"));
        Assert.Equal("https://o.example/", access.Str("OpenerUrl"));
        Assert.Equal(10, access.Int("LineNumber"));
    }

    [Fact]
    public void Permissions_policy_accepts_featureId_and_chromium_policyId()
    {
        var spec = Single("""[{"type":"permissions-policy-violation","url":"https://a.example/","body":{"featureId":"geolocation","disposition":"enforce","message":"m","sourceFile":"https://a.example/a.js","lineNumber":4,"columnNumber":9}}]""");
        Assert.Equal("geolocation", spec.Str("FeatureId"));
        Assert.Equal("enforce", spec.Str("Disposition"));
        Assert.Equal("m", spec.Str("Message"));
        Assert.Equal(4, spec.Int("LineNumber"));
        Assert.Equal(9, spec.Int("ColumnNumber"));
        var chromium = Single("""[{"type":"permissions-policy-violation","url":"https://a.example/","body":{"policyId":"camera","disposition":"report"}}]""");
        Assert.Equal("camera", chromium.Str("FeatureId"));
        Assert.Equal("report", chromium.Str("Disposition"));
        var doc = Single("""[{"type":"document-policy-violation","url":"https://a.example/","body":{"policyId":"oversized-images","disposition":"report","message":"x","lineNumber":2}}]""");
        Assert.Equal("document-policy-violation", doc.Type);
        Assert.Equal("oversized-images", doc.Str("FeatureId"));
    }

    [Fact]
    public void Intervention_integrity_and_test()
    {
        var i = Single("""[{"type":"intervention","url":"https://a.example/","body":{"id":"HeavyAdIntervention","message":"Ad removed","sourceFile":null,"lineNumber":null}}]""");
        Assert.Equal("HeavyAdIntervention", i.Str("ReportId"));
        Assert.Equal("Ad removed", i.Str("Message"));
        Assert.Null(i.Field("SourceFile"));
        Assert.Null(i.Field("LineNumber"));
        var sri = Single("""[{"type":"integrity-violation","url":"https://a.example/","body":{"documentURL":"https://a.example/","blockedURL":"https://cdn.example/x.js","destination":"script","reportOnly":true}}]""");
        Assert.Equal("https://cdn.example/x.js", sri.Str("BlockedUrl"));
        Assert.True(sri.Field("ReportOnly")!.Value.AsBoolean);
        var test = Single("""[{"type":"test","url":"https://a.example/","body":{"message":"hello"}}]""");
        Assert.Equal("hello", test.Str("Message"));
    }
}
