using Lookout.Core.Deliveries;
using Lookout.Core.Reports;
using static Lookout.Tests.Formats.FormatTestKit;

namespace Lookout.Tests.Formats.Kinds;

/// <summary>Permissions-policy and document-policy violations.</summary>
public class PermissionsPolicyViolationTests
{
    [Fact]
    public void Feature_is_read_from_featureId_or_chromium_policyId()
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
}
