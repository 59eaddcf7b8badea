using System.Text.Json.Nodes;
using Lookout.Core.Deliveries;
using Lookout.Core.Reports;
using static Lookout.Tests.Formats.FormatTestKit;

namespace Lookout.Tests.Formats.Kinds;

/// <summary>Crash reports.</summary>
public class CrashTests
{
    [Fact]
    public void Crash_body_is_kept_as_sent_and_gives_the_reason()
    {
        var r = Assert.Single(Fixture("crash/wicg-crash-reporting-1.json"));
        Assert.Equal("oom", r.Str("Reason"));
        Assert.Equal(42, r.AgeMilliseconds);
        Assert.Equal("https://example.com/", r.Url);
        Assert.Equal("{\n          \"reason\": \"oom\"\n        }", r.Body);
    }
}

/// <summary>The crash fingerprint rule: reason + document origin.</summary>
public class CrashIssueTests
{
    private static readonly JsonObject Published = IssueKit.PublishedReport("crash/wicg-crash-reporting-1.json");

    [Fact]
    public void Crashes_of_one_reason_on_one_site_are_one_issue_whatever_the_page_stack_or_visibility()
    {
        var other = Published.With("url", "https://example.com/deep/page?x=1").With("body.stack", "at f (0x1234)").With("body.visibility_state", "hidden");
        Assert.Equal(IssueKit.FingerprintOf(Published), IssueKit.FingerprintOf(other));
        var captured = IssueKit.Capture("crash-1.json");
        Assert.Equal(IssueKit.FingerprintOf(captured), IssueKit.FingerprintOf(captured.With("url", "https://127.0.0.1:44979/another").With("body.is_top_level", false)));
        Assert.Equal("crash: oom on https://example.com", IssueKit.IssueOf(Published).Title);
    }

    [Theory]
    [InlineData("body.reason", "unresponsive")]
    [InlineData("url", "https://other.example/")]
    public void Another_reason_or_site_is_another_issue(string path, string value) =>
        Assert.NotEqual(IssueKit.FingerprintOf(Published), IssueKit.FingerprintOf(Published.With(path, value)));
}
