using Lookout.Core.Deliveries;
using Lookout.Core.Reports;
using static Lookout.Tests.Formats.FormatTestKit;

namespace Lookout.Tests.Formats;

/// <summary>Which format reads an object, and what happens to objects no format recognises.</summary>
public class ReportClassifierTests
{
    [Theory]
    [InlineData("""{"a":1,"b":2,"c":3}""", "keys: a, b, c")]
    [InlineData("""{}""", "keys: none")]
    [InlineData("""{"type":"deprecation","url":"https://a.example/"}""", "keys: type, url")]
    [InlineData("""{"csp-report":"nope"}""", "csp-report")]
    public void Unrecognised_objects_become_unknown_with_reason(string json, string reasonPart)
    {
        var r = Single(json, "application/json");
        Assert.Equal(ReportTypes.Unknown, r.Type);
        Assert.Equal(json, r.Raw);
        Assert.Contains(reasonPart, r.UnknownReason);
    }

    [Fact]
    public void Mixed_delivery_keeps_order_and_raw_slices()
    {
        var json = """[{"type":"test","url":"u","body":{"message":"1"}} , {"a":1}, {"type":"crash","url":"u","body":{"reason":"oom"}}]""";
        var result = Parse(json);
        Assert.Equal(["test", "unknown", "crash"], result.Reports.Select(r => r.Type));
        Assert.Equal("""{"a":1}""", result.Reports[1].Raw);
        Assert.Equal("""{"type":"crash","url":"u","body":{"reason":"oom"}}""", result.Reports[2].Raw);
    }

    [Fact]
    public void Content_type_that_lookout_does_not_accept_is_not_resolved()
    {
        Assert.False(ContentTypes.TryResolve("text/plain", out _));
    }

    [Fact]
    public void Content_type_parameters_and_letter_case_do_not_matter()
    {
        Assert.True(ContentTypes.TryResolve("Application/CSP-Report; charset=utf-8", out var format));
        Assert.Equal(WireFormat.CspReport, format);
    }
}
