using System.Text.Json;
using static Lookout.Tests.Formats.FormatTestKit;

namespace Lookout.Tests.Formats;

/// <summary>
/// Real Chromium deliveries, captured by the browser suite into Fixtures/chromium/ (index.json lists
/// each file with its case, Content-Type and the report types Chromium put in it). Every capture must
/// parse to its expected type with the key fields the trigger implies.
/// </summary>
public class ChromiumFixtureTests
{
    private static string Root => Path.Combine(FixtureRoot, "chromium");

    /// <summary>Per case: our type slug and key fields every report of the delivery must carry.</summary>
    private static readonly Dictionary<string, (string Type, (string Field, object Value)[] Fields)> Expected = new()
    {
        ["csp-enforce-report-uri"] = ("csp-violation", [("EffectiveDirective", "img-src"), ("Disposition", "enforce"), ("StatusCode", 200L)]),
        ["csp-report-only-report-uri"] = ("csp-violation", [("EffectiveDirective", "img-src"), ("Disposition", "report"), ("LineNumber", 1L)]),
        ["csp-enforce-report-to"] = ("csp-violation", [("EffectiveDirective", "img-src"), ("Disposition", "enforce")]),
        ["csp-report-only-report-to"] = ("csp-violation", [("EffectiveDirective", "img-src"), ("Disposition", "report")]),
        ["csp-report-to-v0"] = ("csp-violation", [("EffectiveDirective", "img-src"), ("Disposition", "enforce")]),
        ["deprecation"] = ("deprecation", [("ReportId", "XMLHttpRequestSynchronousInNonWorkerOutsideBeforeUnload")]),
        ["intervention"] = ("intervention", [("ReportId", "NavigatorVibrate")]),
        ["coep-enforce"] = ("coep", [("ViolationType", "corp"), ("Destination", "image"), ("Disposition", "enforce")]),
        ["coep-report-only"] = ("coep", [("ViolationType", "corp"), ("Disposition", "report"), ("DispositionRaw", "reporting")]),
        ["coop-enforce"] = ("coop", [("ViolationType", "navigation-to-response"), ("EffectivePolicy", "same-origin"), ("Disposition", "enforce")]),
        ["coop-report-only"] = ("coop", [("ViolationType", "navigation-to-response"), ("Disposition", "report")]),
        ["permissions-policy"] = ("permissions-policy-violation", [("FeatureId", "geolocation"), ("Disposition", "enforce")]),
        ["document-policy"] = ("document-policy-violation", [("FeatureId", "js-profiling")]),
        ["crash"] = ("crash", [("IsTopLevel", true), ("VisibilityState", "visible")]),
        ["nel"] = ("network-error", [("Phase", "application"), ("Protocol", "h2"), ("ServerIp", "127.0.0.1"), ("SamplingFraction", 1.0)]),
    };

    public static TheoryData<string, string, string> Captures()
    {
        using var index = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Root, "index.json")));
        var data = new TheoryData<string, string, string>();
        foreach (var entry in index.RootElement.GetProperty("files").EnumerateArray())
            data.Add(entry.GetProperty("case").GetString()!, entry.GetProperty("file").GetString()!, entry.GetProperty("contentType").GetString()!);
        return data;
    }

    [Fact]
    public void Every_case_has_a_capture()
    {
        var captured = Captures().Select(row => (string)row[0]).ToHashSet();
        foreach (var caseName in Expected.Keys)
            Assert.Contains(caseName, captured);
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public void Capture_normalizes_with_its_key_fields(string caseName, string file, string contentType)
    {
        var result = Parse(File.ReadAllBytes(Path.Combine(Root, file)), contentType);
        Assert.True(result.IsSuccess, result.Error?.Message);
        var (type, fields) = Expected[caseName];
        Assert.NotEmpty(result.Reports);
        foreach (var report in result.Reports)
        {
            Assert.Equal(type, report.Type);
            Assert.StartsWith("https://127.0.0.1:", report.Url);
            foreach (var (name, value) in fields)
            {
                var actual = report.Field(name);
                Assert.True(actual is not null, $"{caseName}: {name} missing");
                object? typed = value switch
                {
                    string => actual!.Value.AsString,
                    long => actual!.Value.AsInt64,
                    double => actual!.Value.AsDouble,
                    bool => actual!.Value.AsBoolean,
                    _ => null,
                };
                Assert.Equal(value, typed);
            }
        }
    }

    [Fact]
    public void Reporting_api_captures_carry_age_and_user_agent()
    {
        foreach (var file in Directory.EnumerateFiles(Root, "*.json").Where(f => !f.EndsWith("index.json")))
        {
            var result = Parse(File.ReadAllBytes(file), "application/reports+json");
            foreach (var report in result.Reports.Where(r => r.SourceFormat == "reporting-api"))
            {
                Assert.NotNull(report.AgeMilliseconds);
                Assert.Contains("HeadlessChrome", report.UserAgent);
            }
        }
    }
}
