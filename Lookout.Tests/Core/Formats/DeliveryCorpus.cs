using System.Text.Json;

namespace Lookout.Tests.Formats;

/// <summary>Every published fixture and Chromium capture, with the Content-Type it is posted with.</summary>
internal static class DeliveryCorpus
{
    public sealed record Delivery(string Name, byte[] Body, string ContentType);

    public static IReadOnlyList<Delivery> All { get; } = Load();

    private static List<Delivery> Load()
    {
        var list = new List<Delivery>();
        foreach (var row in PublishedFixtureTests.Cases)
            list.Add(new Delivery("published/" + (string)row[0], FormatTestKit.Published((string)row[0]), (string)row[1]));
        var chromium = Path.Combine(FormatTestKit.FixtureRoot, "chromium");
        using var index = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(chromium, "index.json")));
        foreach (var entry in index.RootElement.GetProperty("files").EnumerateArray())
        {
            var file = entry.GetProperty("file").GetString()!;
            list.Add(new Delivery("chromium/" + file, File.ReadAllBytes(Path.Combine(chromium, file)), entry.GetProperty("contentType").GetString()!));
        }
        return list;
    }
}
