using System.Text.Json.Nodes;
using Lookout.Core.Issues;
using static Lookout.Tests.Formats.FormatTestKit;

namespace Lookout.Tests.Formats.Kinds;

/// <summary>
/// Fingerprint tests vary one thing at a time of a real report: the first report of a Chromium capture
/// (Fixtures/chromium) or of a published fixture, as a JSON object whose members are set by path.
/// </summary>
internal static class IssueKit
{
    public static JsonObject Capture(string file) => First(File.ReadAllText(Path.Combine(FixtureRoot, "chromium", file)));

    public static JsonObject PublishedReport(string file) => First(File.ReadAllText(Path.Combine(FixtureRoot, "published", file)));

    private static JsonObject First(string json) => JsonNode.Parse(json) switch
    {
        JsonArray array => (JsonObject)array[0]!.DeepClone(),
        JsonObject single => single,
        _ => throw new InvalidDataException("Not a report."),
    };

    /// <summary>A copy with <paramref name="path"/> (<c>url</c>, <c>body.documentURL</c>, <c>csp-report.blocked-uri</c>) set, or removed when null.</summary>
    public static JsonObject With(this JsonObject report, string path, JsonNode? value)
    {
        var copy = (JsonObject)report.DeepClone();
        var names = path.Split('.');
        var target = copy;
        foreach (var name in names[..^1])
            target = (JsonObject)target[name]!;
        if (value is null)
            target.Remove(names[^1]);
        else
            target[names[^1]] = value;
        return copy;
    }

    /// <summary>The issue of a Reporting API report object, or of a legacy report (<paramref name="contentType"/>) sent alone.</summary>
    public static IssueIdentity IssueOf(JsonObject report, string contentType = "application/reports+json") =>
        IssueRules.Identify(Single(contentType == "application/reports+json" ? new JsonArray(report.DeepClone()).ToJsonString() : report.ToJsonString(), contentType));

    public static string FingerprintOf(JsonObject report, string contentType = "application/reports+json") => IssueOf(report, contentType).Fingerprint;
}
