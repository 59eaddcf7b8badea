using System.Text.Json.Nodes;
using Lookout.Core.Deliveries;
using Lookout.Core.Reports;
using static Lookout.Tests.Formats.FormatTestKit;

namespace Lookout.Tests.Formats.Kinds;

/// <summary>Cross-Origin-Opener-Policy reports.</summary>
public class CoopTests
{
    [Fact]
    public void Coop_navigation_and_access_reports_give_their_fields()
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
}

/// <summary>The COOP fingerprint rule: type + policy + disposition + property + document origin + the other side's origin.</summary>
public class CoopIssueTests
{
    private static readonly JsonObject Captured = IssueKit.Capture("coop-enforce-1.json");

    [Fact]
    public void The_pages_of_one_origin_and_the_paths_on_the_other_side_share_an_issue()
    {
        var other = Captured.With("url", "https://127.0.0.1:44979/coop/elsewhere?x=1").With("body.previousResponseURL", "https://127.0.0.1:44979/case/other")
            .With("body.referrer", "https://127.0.0.1:44979/zzz");
        Assert.Equal(IssueKit.FingerprintOf(Captured), IssueKit.FingerprintOf(other));
    }

    [Theory]
    [InlineData("body.type", "navigation-from-response")]
    [InlineData("body.effectivePolicy", "same-origin-allow-popups")]
    [InlineData("body.disposition", "reporting")]
    [InlineData("body.previousResponseURL", "https://idp.example/login")]
    [InlineData("body.property", "postMessage")]
    [InlineData("url", "https://other.example/coop/coop-enforce")]
    public void Another_type_policy_disposition_other_origin_property_or_site_is_another_issue(string path, string value) =>
        Assert.NotEqual(IssueKit.FingerprintOf(Captured), IssueKit.FingerprintOf(Captured.With(path, value)));
}
