using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lookout.Benchmarks.Support;
using Lookout.Core.Deliveries;
using Lookout.Core.Formats;

namespace Lookout.Benchmarks.Normalize;

/// <summary>One delivery as it reaches Normalize: body bytes and wire format.</summary>
internal sealed record Delivery(string Name, byte[] Body, WireFormat Format);

/// <summary>
/// The mixed corpus: every published fixture that is a real report (all types, both CSP shapes,
/// legacy formats), every captured Chromium delivery, and one 50-report Reporting API batch.
/// </summary>
internal static partial class Corpus
{
    private static readonly Lazy<IReadOnlyList<Delivery>> Deliveries = new(Load);

    public static IReadOnlyList<Delivery> All => Deliveries.Value;

    public static int ReportCount { get; } = All.Sum(d => DeliveryParser.Parse(d.Body, d.Format).Reports.Count);

    public static long BodyBytes { get; } = All.Sum(d => (long)d.Body.Length);

    /// <summary>Bytes of the strings a report must keep (Raw, Body, key-field strings, URL), as .NET strings.</summary>
    public static double KeptBytesPerReport { get; } = KeptBytes() / (double)ReportCount;

    private static List<Delivery> Load()
    {
        var list = new List<Delivery>();
        foreach (var (path, contentType) in PublishedIndex())
        {
            if (path.StartsWith("malformed/", StringComparison.Ordinal) || !ContentTypes.TryResolve(contentType, out var format))
                continue;
            list.Add(new Delivery(path, File.ReadAllBytes(Path.Combine(RepoPaths.PublishedFixtures, path)), format));
        }
        list.AddRange(ChromiumDeliveries());
        list.Add(new Delivery("batch-50", Batch50(list), WireFormat.ReportsJson));
        return list;
    }

    // SOURCES.md rows: | `path` | content type (notes) | source |
    private static IEnumerable<(string Path, string ContentType)> PublishedIndex()
    {
        foreach (var line in File.ReadLines(Path.Combine(RepoPaths.PublishedFixtures, "SOURCES.md")))
        {
            var match = SourcesRow().Match(line);
            if (match.Success)
                yield return (match.Groups[1].Value, match.Groups[2].Value);
        }
    }

    private static IEnumerable<Delivery> ChromiumDeliveries()
    {
        var index = Path.Combine(RepoPaths.ChromiumFixtures, "index.json");
        if (!File.Exists(index))
            yield break;
        using var document = JsonDocument.Parse(File.ReadAllBytes(index));
        var entries = document.RootElement.ValueKind == JsonValueKind.Array
            ? document.RootElement
            : document.RootElement.GetProperty("files"); // index.json written by scripts/capture-chromium-fixtures.sh
        foreach (var entry in entries.EnumerateArray())
        {
            var file = entry.GetProperty("file").GetString()!;
            var contentType = entry.GetProperty("contentType").GetString();
            if (ContentTypes.TryResolve(contentType, out var format))
                yield return new Delivery("chromium/" + file, File.ReadAllBytes(Path.Combine(RepoPaths.ChromiumFixtures, file)), format);
        }
    }

    /// <summary>50 reports cut from the Reporting API fixtures, repeated in turn, as one delivery.</summary>
    private static byte[] Batch50(List<Delivery> deliveries)
    {
        var reports = new List<string>();
        foreach (var delivery in deliveries.Where(d => d.Format == WireFormat.ReportsJson))
        {
            using var document = JsonDocument.Parse(delivery.Body);
            if (document.RootElement.ValueKind == JsonValueKind.Array)
                reports.AddRange(document.RootElement.EnumerateArray().Select(r => r.GetRawText()));
        }
        var batch = new StringBuilder("[");
        for (var i = 0; i < 50; i++)
            batch.Append(i == 0 ? "" : ",").Append(reports[i % reports.Count]);
        return Encoding.UTF8.GetBytes(batch.Append(']').ToString());
    }

    private static long KeptBytes()
    {
        long bytes = 0;
        foreach (var delivery in All)
            foreach (var report in DeliveryParser.Parse(delivery.Body, delivery.Format).Reports)
            {
                bytes += StringBytes(report.Raw) + StringBytes(report.Body) + StringBytes(report.Url) + StringBytes(report.UserAgent);
                foreach (var field in report.Fields)
                    if (field.Value.Kind == Lookout.Core.Reports.FieldKind.String)
                        bytes += StringBytes(field.Value.AsString);
            }
        return bytes;
    }

    // A .NET string: 20-byte header + 2 bytes per UTF-16 unit, rounded to 8.
    private static long StringBytes(string? value) => value is null ? 0 : (22 + 2L * value.Length + 7) / 8 * 8;

    [GeneratedRegex(@"^\|\s*`([^`]+)`\s*\|\s*([^\s|(]+)")]
    private static partial Regex SourcesRow();
}
