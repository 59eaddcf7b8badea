using System.Text.Json.Nodes;
using static Lookout.Tests.Formats.FormatTestKit;

namespace Lookout.Tests.Formats.Kinds;

/// <summary>CSP hash reports and their fingerprint rule: subresource origin and path + hash + type + destination.</summary>
public class CspHashTests
{
    private static readonly JsonObject Published = IssueKit.PublishedReport("csp-hash/w3c-csp3-1.json");

    [Fact]
    public void Csp_hash_report_gives_its_subresource_and_hash()
    {
        var r = Assert.Single(Fixture("csp-hash/w3c-csp3-1.json"));
        Assert.Equal("https://example.com/main.js", r.Str("SubresourceUrl"));
        Assert.StartsWith("sha256-", r.Str("Hash"));
    }

    [Fact]
    public void One_script_version_is_one_issue_whichever_page_loads_it_and_whatever_its_query()
    {
        var other = Published.With("url", "https://example.com/other").With("body.document_url", "https://example.com/other")
            .With("body.subresource_url", "https://example.com/main.js?cache=2");
        Assert.Equal(IssueKit.FingerprintOf(Published), IssueKit.FingerprintOf(other));
    }

    [Theory]
    [InlineData("body.subresource_url", "https://example.com/vendor.js")]
    [InlineData("body.subresource_url", "https://cdn.example/main.js")]
    [InlineData("body.hash", "sha256-0000")]
    [InlineData("body.destination", "style")]
    public void Another_script_file_or_version_or_destination_is_another_issue(string path, string value) =>
        Assert.NotEqual(IssueKit.FingerprintOf(Published), IssueKit.FingerprintOf(Published.With(path, value)));
}
