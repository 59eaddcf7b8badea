using System.Text.Json.Nodes;
using Lookout.Core.Deliveries;
using Lookout.Core.Reports;
using static Lookout.Tests.Formats.FormatTestKit;

namespace Lookout.Tests.Formats.Kinds;

/// <summary>Cross-Origin-Embedder-Policy reports.</summary>
public class CoepTests
{
    [Fact]
    public void Coep_report_normalizes_a_reporting_disposition_and_keeps_the_sent_one()
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
}

/// <summary>The COEP fingerprint rule: violation type + blocked origin + destination + disposition.</summary>
public class CoepIssueTests
{
    private static readonly JsonObject Captured = IssueKit.Capture("coep-enforce-1.json");

    [Fact]
    public void One_blocked_origin_is_one_issue_on_every_page_and_whatever_its_path()
    {
        var other = Captured.With("url", "https://127.0.0.1:44979/shop/item/7?x=1").With("body.blockedURL", "https://127.0.0.1:43501/other.gif?v=2");
        Assert.Equal(IssueKit.FingerprintOf(Captured), IssueKit.FingerprintOf(other));
    }

    [Theory]
    [InlineData("body.type", "navigation")]
    [InlineData("body.blockedURL", "https://cdn.example/img.gif")]
    [InlineData("body.destination", "script")]
    [InlineData("body.disposition", "reporting")]
    public void Another_type_blocked_origin_destination_or_disposition_is_another_issue(string path, string value) =>
        Assert.NotEqual(IssueKit.FingerprintOf(Captured), IssueKit.FingerprintOf(Captured.With(path, value)));

    [Fact]
    public void Enforced_and_report_only_captures_differ_only_by_disposition()
    {
        var reportOnly = IssueKit.Capture("coep-report-only-1.json");
        Assert.NotEqual(IssueKit.FingerprintOf(Captured), IssueKit.FingerprintOf(reportOnly));
        Assert.Equal(IssueKit.FingerprintOf(Captured), IssueKit.FingerprintOf(reportOnly.With("body.disposition", "enforce")));
    }
}
