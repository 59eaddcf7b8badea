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
