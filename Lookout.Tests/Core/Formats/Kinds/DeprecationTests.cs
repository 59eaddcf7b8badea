using System.Text.Json.Nodes;
using Lookout.Core.Deliveries;
using Lookout.Core.Reports;
using static Lookout.Tests.Formats.FormatTestKit;

namespace Lookout.Tests.Formats.Kinds;

/// <summary>Deprecation reports.</summary>
public class DeprecationTests
{
    [Fact]
    public void Deprecation_gives_its_id_location_and_anticipated_removal()
    {
        var r = Assert.Single(Fixture("deprecation/django-lookout-1.json"));
        Assert.Equal("websql", r.Str("ReportId"));
        Assert.StartsWith("WebSQL is deprecated", r.Str("Message"));
        Assert.Equal("https://foo.com/index.js", r.Str("SourceFile"));
        Assert.Equal(1234, r.Int("LineNumber"));
        Assert.Equal(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), r.Field("AnticipatedRemoval")!.Value.AsDateTime);
        Assert.Equal("https://example.com/", r.Url);
    }
}

/// <summary>The deprecation fingerprint rule (intervention shares it): id + script file, else document origin.</summary>
public class DeprecationIssueTests
{
    private static readonly JsonObject Published = IssueKit.PublishedReport("deprecation/w3c-reporting-explainer-1.json");
    private static readonly JsonObject Captured = IssueKit.Capture("deprecation-1.json");

    [Fact]
    public void One_feature_used_by_one_script_file_is_one_issue_on_every_page_whatever_its_query_or_line()
    {
        var other = Published.With("url", "https://example.com/about").With("body.sourceFile", "https://example.com/index.js?v=9")
            .With("body.lineNumber", 1).With("body.message", "another wording");
        Assert.Equal(IssueKit.FingerprintOf(Published), IssueKit.FingerprintOf(other));
        Assert.Equal("deprecation: websql in https://example.com/index.js", IssueKit.IssueOf(Published).Title);
    }

    [Theory]
    [InlineData("body.id", "PrefixedStorageInfo")]
    [InlineData("body.sourceFile", "https://example.com/other.js")]
    public void Another_id_or_script_file_is_another_issue(string path, string value) =>
        Assert.NotEqual(IssueKit.FingerprintOf(Published), IssueKit.FingerprintOf(Published.With(path, value)));

    [Fact]
    public void Inline_use_on_the_document_itself_is_one_issue_per_site()
    {
        // Chromium names the document as the source of an inline script's use.
        var otherPage = Captured.With("url", "https://127.0.0.1:44979/case/other").With("body.sourceFile", "https://127.0.0.1:44979/case/other");
        Assert.Equal(IssueKit.FingerprintOf(Captured), IssueKit.FingerprintOf(otherPage));
        Assert.NotEqual(IssueKit.FingerprintOf(Captured), IssueKit.FingerprintOf(otherPage.With("url", "https://b.example/case/other").With("body.sourceFile", "https://b.example/case/other")));
        Assert.Equal(IssueKit.FingerprintOf(Captured), IssueKit.FingerprintOf(Captured.With("body.sourceFile", null).With("url", "https://127.0.0.1:44979/x")));
    }
}
