using Lookout.Core.Deliveries;
using Lookout.Core.Reports;
using static Lookout.Tests.Formats.FormatTestKit;

namespace Lookout.Tests.Formats.Kinds;

/// <summary>Cross-Origin-Embedder-Policy reports.</summary>
public class CoepTests
{
    [Fact]
    public void Coep_report_normalizes_a_reporting_disposition_and_keeps_the_sent_one()
    {
        var r = Single("""[{"type":"coep","age":1,"url":"https://a.example/","user_agent":"UA","body":{"type":"corp","blockedURL":"https://b.example/x.js","disposition":"reporting","destination":"script"}}]""");
        Assert.Equal("coep", r.Type);
        Assert.Equal("corp", r.Str("ViolationType"));
        Assert.Equal("https://b.example/x.js", r.Str("BlockedUrl"));
        Assert.Equal("report", r.Str("Disposition"));
        Assert.Equal("reporting", r.Str("DispositionRaw"));
        Assert.Equal("script", r.Str("Destination"));
        Assert.Equal("UA", r.UserAgent);
    }
}
