using System.Text.Json.Nodes;
using Lookout.Core.Deliveries;
using Lookout.Core.Reports;
using static Lookout.Tests.Formats.FormatTestKit;

namespace Lookout.Tests.Formats.Kinds;

/// <summary>Expect-CT reports.</summary>
public class ExpectCtTests
{
    [Fact]
    public void Wrapped_expect_ct_with_a_string_port_gives_its_fields()
    {
        var r = Assert.Single(Fixture("expect-ct/django-lookout-1.json", "application/expect-ct-report+json"));
        Assert.Equal("www.example.com", r.Str("Hostname"));
        Assert.Equal(443, r.Int("Port"));
        Assert.Equal(new DateTimeOffset(2018, 3, 12, 5, 55, 12, TimeSpan.Zero), r.OccurredAt);
        Assert.Equal(new DateTimeOffset(2019, 1, 1, 5, 55, 12, TimeSpan.Zero), r.Field("EffectiveExpirationDate")!.Value.AsDateTime);
    }

    [Fact]
    public void Bare_object_posted_as_expect_ct_report_is_expect_ct()
    {
        var r = Single("""{"date-time":"2018-03-12T05:55:12Z","hostname":"h.example","port":443,"effective-expiration-date":"2019-01-01T00:00:00Z"}""", "application/expect-ct-report");
        Assert.Equal("expect-ct", r.Type);
        Assert.Equal("h.example", r.Str("Hostname"));
    }
}

/// <summary>Expect-CT's fingerprint (the default rule): host, port and failure details, times left out; wrapped and bare shapes agree.</summary>
public class ExpectCtIssueTests
{
    private static readonly JsonObject Wrapped = IssueKit.PublishedReport("expect-ct/django-lookout-1.json");

    [Fact]
    public void Wrapped_and_bare_shapes_and_other_times_share_the_fingerprint()
    {
        var bare = ((JsonObject)Wrapped["expect-ct-report"]!.DeepClone()).With("date-time", "2018-04-01T00:00:00Z");
        Assert.Equal(IssueKit.FingerprintOf(Wrapped, "application/expect-ct-report+json"), IssueKit.FingerprintOf(bare, "application/expect-ct-report"));
    }

    [Fact]
    public void Another_host_is_another_issue() =>
        Assert.NotEqual(IssueKit.FingerprintOf(Wrapped, "application/expect-ct-report+json"),
            IssueKit.FingerprintOf(Wrapped.With("expect-ct-report.hostname", "b.example"), "application/expect-ct-report+json"));
}
