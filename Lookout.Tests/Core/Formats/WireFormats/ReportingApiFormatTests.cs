using Lookout.Core.Deliveries;
using Lookout.Core.Reports;
using static Lookout.Tests.Formats.FormatTestKit;

namespace Lookout.Tests.Formats.WireFormats;

/// <summary>Reporting API reports: type names, the generic shape under any Content-Type.</summary>
public class ReportingApiFormatTests
{
    [Fact]
    public void Safari_reporting_api_object_posted_as_csp_report_is_reporting_api()
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
    public void Type_name_longer_than_64_characters_is_unknown()
    {
        var r = Single($$$"""[{"type":"{{{new string('a', 65)}}}","url":"https://a.example/","body":{}}]""");
        Assert.Equal(ReportTypes.Unknown, r.Type);
    }
}
