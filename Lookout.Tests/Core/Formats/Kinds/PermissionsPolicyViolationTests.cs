using System.Text.Json.Nodes;
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

/// <summary>The permissions-/document-policy fingerprint rule: feature + disposition + iframe origin + script file, else site.</summary>
public class PermissionsPolicyViolationIssueTests
{
    private static readonly JsonObject Captured = IssueKit.Capture("permissions-policy-1.json");

    [Fact]
    public void One_feature_used_inline_is_one_issue_per_site_whatever_the_page_line_or_message()
    {
        var otherPage = Captured.With("url", "https://127.0.0.1:44979/case/other").With("body.sourceFile", "https://127.0.0.1:44979/case/other")
            .With("body.lineNumber", 9).With("body.message", "reworded");
        Assert.Equal(IssueKit.FingerprintOf(Captured), IssueKit.FingerprintOf(otherPage));
        var document = IssueKit.Capture("document-policy-1.json");
        Assert.Equal(IssueKit.FingerprintOf(document), IssueKit.FingerprintOf(document.With("url", "https://127.0.0.1:44979/x").With("body.sourceFile", null)));
    }

    [Theory]
    [InlineData("body.policyId", "camera")]
    [InlineData("body.disposition", "report")]
    [InlineData("body.sourceFile", "https://127.0.0.1:44979/maps.js")]
    [InlineData("body.srcAttribute", "https://maps.example/embed")]
    [InlineData("url", "https://other.example/case/permissions-policy")]
    public void Another_feature_disposition_script_file_iframe_or_site_is_another_issue(string path, string value) =>
        Assert.NotEqual(IssueKit.FingerprintOf(Captured), IssueKit.FingerprintOf(Captured.With(path, value)));

    [Fact]
    public void The_feature_policy_name_and_the_spec_member_share_the_fingerprint()
    {
        var spec = Captured.With("type", "feature-policy-violation").With("body.policyId", null).With("body.featureId", "geolocation");
        Assert.Equal(IssueKit.FingerprintOf(Captured), IssueKit.FingerprintOf(spec));
    }
}
