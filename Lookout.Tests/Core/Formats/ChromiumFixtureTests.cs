using System.Text.Json;
using Lookout.Tests.Browser;
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
        foreach (var caseName in BrowserCases.All.Select(c => c.Id))
            Assert.Contains(caseName, captured);
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public void Capture_normalizes_with_its_key_fields(string caseName, string file, string contentType)
    {
        var result = Parse(File.ReadAllBytes(Path.Combine(Root, file)), contentType);
        Assert.True(result.IsSuccess, result.Error?.Message);
        var (type, fields) = BrowserCaseExpectations.For(caseName);
        Assert.NotEmpty(result.Reports);
        foreach (var report in result.Reports)
        {
            Assert.Equal(type, report.Type);
            Assert.StartsWith("https://127.0.0.1:", report.Url);
            foreach (var (name, value) in fields)
            {
                var actual = report.Field(name);
                Assert.True(actual is not null, $"{caseName}: {name} missing");
                Assert.Equal(value, actual!.Value.ToObject());
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
