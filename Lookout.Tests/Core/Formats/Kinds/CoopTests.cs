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
