using Lookout.Core.Deliveries;
using Lookout.Core.Reports;
using static Lookout.Tests.Formats.FormatTestKit;

namespace Lookout.Tests.Formats.Kinds;

/// <summary>Deprecation reports.</summary>
public class DeprecationTests
{
    [Fact]
    public void Deprecation_gives_its_id_location_and_anticipated_removal()
    {
        var r = Assert.Single(Fixture("deprecation/django-lookout-1.json"));
        Assert.Equal("websql", r.Str("ReportId"));
        Assert.StartsWith("WebSQL is deprecated", r.Str("Message"));
        Assert.Equal("https://foo.com/index.js", r.Str("SourceFile"));
        Assert.Equal(1234, r.Int("LineNumber"));
        Assert.Equal(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), r.Field("AnticipatedRemoval")!.Value.AsDateTime);
        Assert.Equal("https://example.com/", r.Url);
    }
}
