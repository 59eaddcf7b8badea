using System.Text;
using Lookout.Core.Deliveries;
using Lookout.Core.Formats;
using Lookout.Core.Reports;

namespace Lookout.Tests.Formats;

internal static class FormatTestKit
{
    public static string FixtureRoot => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static byte[] Published(string relative) => File.ReadAllBytes(Path.Combine(FixtureRoot, "published", relative));

    public static DeliveryParseResult Parse(string json, string contentType = "application/reports+json") =>
        Parse(Encoding.UTF8.GetBytes(json), contentType);

    public static DeliveryParseResult Parse(byte[] body, string contentType)
    {
        Assert.True(ContentTypes.TryResolve(contentType, out var format), contentType);
        return DeliveryParser.Parse(body, format);
    }

    public static NormalizedReport Single(string json, string contentType = "application/reports+json")
    {
        var result = Parse(json, contentType);
        Assert.True(result.IsSuccess, result.Error?.Message);
        return Assert.Single(result.Reports);
    }

    public static FieldValue? Field(this NormalizedReport report, string name)
    {
        foreach (var f in report.Fields)
            if (f.Name == name)
                return f.Value;
        return null;
    }

    /// <summary>A published fixture's reports (it must parse).</summary>
    public static IReadOnlyList<NormalizedReport> Fixture(string file, string contentType = "application/reports+json")
    {
        var result = Parse(Published(file), contentType);
        Assert.True(result.IsSuccess, result.Error?.Message);
        return result.Reports;
    }

    public static string? Str(this NormalizedReport report, string name) => report.Field(name)?.AsString;
    public static long? Int(this NormalizedReport report, string name) => report.Field(name)?.AsInt64;
}
