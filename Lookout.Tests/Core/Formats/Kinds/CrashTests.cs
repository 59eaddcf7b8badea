using Lookout.Core.Deliveries;
using Lookout.Core.Reports;
using static Lookout.Tests.Formats.FormatTestKit;

namespace Lookout.Tests.Formats.Kinds;

/// <summary>Crash reports.</summary>
public class CrashTests
{
    [Fact]
    public void Crash_body_is_kept_as_sent_and_gives_the_reason()
    {
        var r = Assert.Single(Fixture("crash/wicg-crash-reporting-1.json"));
        Assert.Equal("oom", r.Str("Reason"));
        Assert.Equal(42, r.AgeMilliseconds);
        Assert.Equal("https://example.com/", r.Url);
        Assert.Equal("{\n          \"reason\": \"oom\"\n        }", r.Body);
    }
}
