using System.Text.Json;
using static Lookout.Tests.Formats.FormatTestKit;

namespace Lookout.Tests.Formats;

/// <summary>
/// Real Chromium deliveries captured by the browser helper into Fixtures/chromium/ with an index.json:
/// an array of {"file", "contentType", "types":[…]} (optionally "fields": {"Name": value} asserted on the
/// first report of each type). Skipped while the capture is not there.
/// </summary>
public class ChromiumFixtureTests
{
    public static TheoryData<string> Entries()
    {
        var data = new TheoryData<string>();
        var index = Path.Combine(FixtureRoot, "chromium", "index.json");
        if (!File.Exists(index))
        {
            data.Add("");
            return data;
        }
        using var doc = JsonDocument.Parse(File.ReadAllBytes(index));
        var root = doc.RootElement.ValueKind == JsonValueKind.Array ? doc.RootElement
            : doc.RootElement.TryGetProperty("deliveries", out var d) ? d : doc.RootElement;
        foreach (var entry in root.EnumerateArray())
            data.Add(entry.GetRawText());
        return data;
    }

    [Theory]
    [MemberData(nameof(Entries))]
    public void Chromium_delivery_parses(string entryJson)
    {
        if (entryJson.Length == 0)
            return; // no capture yet
        using var entry = JsonDocument.Parse(entryJson);
        var e = entry.RootElement;
        var file = e.GetProperty("file").GetString()!;
        var contentType = e.TryGetProperty("contentType", out var ct) ? ct.GetString()! : "application/reports+json";
        var result = Parse(File.ReadAllBytes(Path.Combine(FixtureRoot, "chromium", file)), contentType);
        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.DoesNotContain(result.Reports, r => r.Type == "unknown");
        if (e.TryGetProperty("types", out var types))
            Assert.Equal(types.EnumerateArray().Select(t => t.GetString()).Order(), result.Reports.Select(r => r.Type).Distinct().Order());
        if (e.TryGetProperty("fields", out var fields))
            foreach (var f in fields.EnumerateObject())
                Assert.Contains(result.Reports, r => r.Field(f.Name) is { } v && v.ToString() == (f.Value.ValueKind == JsonValueKind.String ? f.Value.GetString() : f.Value.GetRawText()));
    }
}
