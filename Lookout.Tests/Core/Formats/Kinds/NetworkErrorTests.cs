using System.Text.Json.Nodes;
using Lookout.Core.Deliveries;
using Lookout.Core.Reports;
using static Lookout.Tests.Formats.FormatTestKit;

namespace Lookout.Tests.Formats.Kinds;

/// <summary>Network Error Logging reports.</summary>
public class NetworkErrorTests
{
    [Fact]
    public void Nel_collector_report_gives_every_nel_field()
    {
        var r = Assert.Single(Fixture("network-error/nel-collector-1.json"));
        Assert.Equal("application", r.Str("Phase"));
        Assert.Equal("203.0.113.75", r.Str("ServerIp"));
        Assert.Equal("h2", r.Str("Protocol"));
        Assert.Equal(200, r.Int("StatusCode"));
        Assert.Equal(0.5, r.Field("SamplingFraction")!.Value.AsDouble);
        Assert.Equal("https://example.com/", r.Str("Referrer"));
        Assert.Equal(500, r.AgeMilliseconds);
        Assert.NotNull(r.Str("ErrorType"));
        Assert.NotNull(r.Int("ElapsedTime"));
    }

    [Fact]
    public void Dns_failure_from_the_spec_keeps_its_empty_server_ip()
    {
        var r = Assert.Single(Fixture("network-error/w3c-spec-2.json"));
        Assert.Equal("dns", r.Str("Phase"));
        Assert.Equal("dns.name_not_resolved", r.Str("ErrorType"));
        Assert.Equal("", r.Str("ServerIp"));
        Assert.Equal(1.0, r.Field("SamplingFraction")!.Value.AsDouble);
    }
}

/// <summary>The NEL fingerprint rule: error type + phase + the failed URL's origin.</summary>
public class NetworkErrorIssueTests
{
    private static readonly JsonObject Captured = IssueKit.Capture("nel-2.json");

    [Fact]
    public void Failures_of_one_type_and_phase_on_one_origin_are_one_issue_whatever_the_path_status_or_timing()
    {
        var reports = Parse(File.ReadAllBytes(Path.Combine(FixtureRoot, "chromium", "nel-2.json")), "application/reports+json").Reports;
        Assert.True(reports.Count >= 2);
        Assert.Single(reports.Select(r => Lookout.Core.Issues.IssueRules.Identify(r).Fingerprint).Distinct());
        Assert.Equal(IssueKit.FingerprintOf(Captured), IssueKit.FingerprintOf(Captured.With("body.status_code", 503).With("body.elapsed_time", 900)));
        Assert.Equal("http.error (application) on https://127.0.0.1:44979", IssueKit.IssueOf(Captured).Title);
    }

    [Theory]
    [InlineData("body.type", "tcp.timed_out")]
    [InlineData("body.phase", "connection")]
    [InlineData("url", "https://cdn.example/x")]
    public void Another_error_type_phase_or_origin_is_another_issue(string path, string value) =>
        Assert.NotEqual(IssueKit.FingerprintOf(Captured), IssueKit.FingerprintOf(Captured.With(path, value)));

    [Fact]
    public void The_2018_nel_draft_shape_shares_the_fingerprint()
    {
        var draft = new JsonObject { ["type"] = "nel", ["url"] = "https://127.0.0.1:44979/missing-404", ["body"] = new JsonObject { ["type"] = "http.error", ["phase"] = "application", ["status-code"] = 404 } };
        Assert.Equal(IssueKit.FingerprintOf(Captured), IssueKit.FingerprintOf(draft));
    }
}
