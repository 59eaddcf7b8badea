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
