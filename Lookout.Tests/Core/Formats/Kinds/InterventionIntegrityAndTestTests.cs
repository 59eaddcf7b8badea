using Lookout.Core.Deliveries;
using Lookout.Core.Reports;
using static Lookout.Tests.Formats.FormatTestKit;

namespace Lookout.Tests.Formats.Kinds;

/// <summary>Intervention, integrity-violation and test reports.</summary>
public class InterventionIntegrityAndTestTests
{
    [Fact]
    public void Intervention_integrity_violation_and_test_reports_give_their_fields()
    {
        var i = Single("""[{"type":"intervention","url":"https://a.example/","body":{"id":"HeavyAdIntervention","message":"Ad removed","sourceFile":null,"lineNumber":null}}]""");
        Assert.Equal("HeavyAdIntervention", i.Str("ReportId"));
        Assert.Equal("Ad removed", i.Str("Message"));
        Assert.Null(i.Field("SourceFile"));
        Assert.Null(i.Field("LineNumber"));
        var sri = Single("""[{"type":"integrity-violation","url":"https://a.example/","body":{"documentURL":"https://a.example/","blockedURL":"https://cdn.example/x.js","destination":"script","reportOnly":true}}]""");
        Assert.Equal("https://cdn.example/x.js", sri.Str("BlockedUrl"));
        Assert.True(sri.Field("ReportOnly")!.Value.AsBoolean);
        var test = Single("""[{"type":"test","url":"https://a.example/","body":{"message":"hello"}}]""");
        Assert.Equal("hello", test.Str("Message"));
    }
}
