using System.Text.Json.Nodes;
using Lookout.Core.Deliveries;
using Lookout.Core.Reports;
using static Lookout.Tests.Formats.FormatTestKit;

namespace Lookout.Tests.Formats.Kinds;

/// <summary>Expect-Staple reports.</summary>
public class ExpectStapleTests
{
    [Fact]
    public void Expect_staple_is_read_bare_or_wrapped()
    {
        var r = Assert.Single(Fixture("expect-staple/django-lookout-1.json", "application/json"));
        Assert.Equal("PROVIDED", r.Str("ResponseStatus"));
        Assert.Equal("GOOD", r.Str("CertStatus"));
        Assert.Equal(443, r.Int("Port"));
        var wrapped = Single("""{"expect-staple-report":{"date-time":"2017-03-12T05:55:12Z","hostname":"a.example","port":8443,"response-status":"ERROR_RESPONSE"}}""", "application/json");
        Assert.Equal("expect-staple", wrapped.Type);
        Assert.Equal("ERROR_RESPONSE", wrapped.Str("ResponseStatus"));
        Assert.Equal("https://a.example:8443/", wrapped.Url);
    }
}

/// <summary>Expect-Staple's fingerprint (the default rule): host, port, response and cert status; wrapped and bare shapes agree.</summary>
public class ExpectStapleIssueTests
{
    private static readonly JsonObject Bare = IssueKit.PublishedReport("expect-staple/django-lookout-1.json");

    [Fact]
    public void Wrapped_and_bare_shapes_and_other_times_share_the_fingerprint()
    {
        var wrapped = new JsonObject { ["expect-staple-report"] = Bare.With("date-time", "2017-04-01T00:00:00Z") };
        Assert.Equal(IssueKit.FingerprintOf(Bare, "application/json"), IssueKit.FingerprintOf(wrapped, "application/json"));
    }

    [Theory]
    [InlineData("hostname", "b.example")]
    [InlineData("response-status", "ERROR_RESPONSE")]
    [InlineData("cert-status", "REVOKED")]
    public void Another_host_or_status_is_another_issue(string path, string value) =>
        Assert.NotEqual(IssueKit.FingerprintOf(Bare, "application/json"), IssueKit.FingerprintOf(Bare.With(path, value), "application/json"));
}
