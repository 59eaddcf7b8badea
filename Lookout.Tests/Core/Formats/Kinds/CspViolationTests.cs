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
