using System.Text.Json.Nodes;
using Lookout.Core.Deliveries;
using Lookout.Core.Reports;
using static Lookout.Tests.Formats.FormatTestKit;

namespace Lookout.Tests.Formats.Kinds;

/// <summary>HPKP reports.</summary>
public class HpkpTests
{
    [Fact]
    public void Hpkp_report_gives_host_fields_and_its_own_incident_time()
    {
        var r = Assert.Single(Fixture("hpkp/django-lookout-1.json", "application/json; charset=utf-8"));
        Assert.Equal("www.example.com", r.Str("Hostname"));
        Assert.Equal(443, r.Int("Port"));
        Assert.False(r.Field("IncludeSubdomains")!.Value.AsBoolean);
        Assert.Equal(new DateTimeOffset(2014, 5, 1, 12, 40, 50, TimeSpan.Zero), r.Field("EffectiveExpirationDate")!.Value.AsDateTime);
        Assert.Equal(new DateTimeOffset(2014, 4, 6, 13, 0, 50, TimeSpan.Zero), r.OccurredAt);
        Assert.Equal("https://www.example.com/", r.Url);
        Assert.Equal(r.OccurredAt, r.IncidentAt(DateTimeOffset.UtcNow));
    }

    [Fact]
    public void Port_sent_as_a_string_is_read_and_names_the_site_url()
    {
        var r = Single("""{"date-time":"2014-04-06T13:00:50Z","hostname":"h.example","port":"8443","include-subdomains":true,"noted-hostname":"example","known-pins":["pin-sha256=\"x\""]}""", "application/json");
        Assert.Equal("hpkp", r.Type);
        Assert.Equal(8443, r.Int("Port"));
        Assert.True(r.Field("IncludeSubdomains")!.Value.AsBoolean);
        Assert.Equal("example", r.Str("NotedHostname"));
        Assert.Equal("https://h.example:8443/", r.Url);
    }
}

/// <summary>The TLS kinds' fingerprint rule (the default): host and port + key fields, times left out.</summary>
public class HpkpIssueTests
{
    private static readonly JsonObject Published = IssueKit.PublishedReport("hpkp/django-lookout-1.json");

    [Fact]
    public void One_host_pin_failure_is_one_issue_whatever_the_time_or_chains()
    {
        var later = Published.With("date-time", "2014-05-06T13:00:50Z").With("effective-expiration-date", "2015-01-01T00:00:00Z").With("served-certificate-chain", new JsonArray());
        Assert.Equal(IssueKit.FingerprintOf(Published, "application/json"), IssueKit.FingerprintOf(later, "application/json"));
    }

    [Theory]
    [InlineData("hostname", "api.example.com")]
    [InlineData("port", "8443")]
    [InlineData("noted-hostname", "example.com")]
    public void Another_host_port_or_noted_host_is_another_issue(string path, string value) =>
        Assert.NotEqual(IssueKit.FingerprintOf(Published, "application/json"), IssueKit.FingerprintOf(Published.With(path, value), "application/json"));
}
