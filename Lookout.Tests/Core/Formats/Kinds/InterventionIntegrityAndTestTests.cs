using System.Text.Json.Nodes;
using Lookout.Core.Deliveries;
using Lookout.Core.Reports;
using static Lookout.Tests.Formats.FormatTestKit;

namespace Lookout.Tests.Formats.Kinds;

/// <summary>Intervention, integrity-violation and test reports.</summary>
public class InterventionIntegrityAndTestTests
{
    [Fact]
    public void Intervention_integrity_violation_and_test_reports_give_their_fields()
    {
        var i = Single("""[{"type":"intervention","url":"https://a.example/","body":{"id":"HeavyAdIntervention","message":"Ad removed","sourceFile":null,"lineNumber":null}}]""");
        Assert.Equal("HeavyAdIntervention", i.Str("ReportId"));
        Assert.Equal("Ad removed", i.Str("Message"));
        Assert.Null(i.Field("SourceFile"));
        Assert.Null(i.Field("LineNumber"));
        var sri = Single("""[{"type":"integrity-violation","url":"https://a.example/","body":{"documentURL":"https://a.example/","blockedURL":"https://cdn.example/x.js","destination":"script","reportOnly":true}}]""");
        Assert.Equal("https://cdn.example/x.js", sri.Str("BlockedUrl"));
        Assert.True(sri.Field("ReportOnly")!.Value.AsBoolean);
        var test = Single("""[{"type":"test","url":"https://a.example/","body":{"message":"hello"}}]""");
        Assert.Equal("hello", test.Str("Message"));
    }
}

/// <summary>The intervention (as deprecation), integrity-violation and test fingerprint rules.</summary>
public class InterventionIntegrityAndTestIssueTests
{
    [Fact]
    public void Intervention_is_one_issue_per_id_and_script_file_else_site()
    {
        var captured = IssueKit.Capture("intervention-1.json");
        Assert.Equal(IssueKit.FingerprintOf(captured), IssueKit.FingerprintOf(captured.With("url", "https://127.0.0.1:44979/p2").With("body.sourceFile", "https://127.0.0.1:44979/p2")));
        Assert.NotEqual(IssueKit.FingerprintOf(captured), IssueKit.FingerprintOf(captured.With("body.id", "HeavyAdIntervention")));
        Assert.NotEqual(IssueKit.FingerprintOf(captured), IssueKit.FingerprintOf(captured.With("body.sourceFile", "https://127.0.0.1:44979/ads.js")));
    }

    private static readonly JsonObject Integrity = JsonNode.Parse("""{"type":"integrity-violation","url":"https://a.example/p","body":{"documentURL":"https://a.example/p","blockedURL":"https://cdn.example/x.js","destination":"script","reportOnly":true}}""")!.AsObject();

    [Fact]
    public void Integrity_violation_is_one_issue_per_resource_not_per_page_or_query()
    {
        Assert.Equal(IssueKit.FingerprintOf(Integrity), IssueKit.FingerprintOf(Integrity.With("url", "https://a.example/q").With("body.documentURL", "https://a.example/q")
            .With("body.blockedURL", "https://cdn.example/x.js?v=2")));
        Assert.NotEqual(IssueKit.FingerprintOf(Integrity), IssueKit.FingerprintOf(Integrity.With("body.blockedURL", "https://cdn.example/y.js")));
        Assert.NotEqual(IssueKit.FingerprintOf(Integrity), IssueKit.FingerprintOf(Integrity.With("body.reportOnly", false)));
        Assert.NotEqual(IssueKit.FingerprintOf(Integrity), IssueKit.FingerprintOf(Integrity.With("body.destination", "style")));
    }

    [Fact]
    public void Test_report_is_one_issue_per_site_and_message()
    {
        var test = JsonNode.Parse("""{"type":"test","url":"https://a.example/p","body":{"message":"hello"}}""")!.AsObject();
        Assert.Equal(IssueKit.FingerprintOf(test), IssueKit.FingerprintOf(test.With("url", "https://a.example/other")));
        Assert.NotEqual(IssueKit.FingerprintOf(test), IssueKit.FingerprintOf(test.With("body.message", "bye")));
        Assert.NotEqual(IssueKit.FingerprintOf(test), IssueKit.FingerprintOf(test.With("url", "https://b.example/p")));
    }
}
