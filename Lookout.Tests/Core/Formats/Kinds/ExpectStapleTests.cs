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
