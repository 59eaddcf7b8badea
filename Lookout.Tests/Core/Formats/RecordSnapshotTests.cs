using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Lookout.Core.Envelopes;
using Lookout.Core.Records;
using Lookout.Core.Reports;
using Lookout.Tests.Support;

namespace Lookout.Tests.Formats;

/// <summary>
/// The rows Lookout writes, pinned: every property of every row built (fixed envelope) from each
/// fixture and capture is in Snapshots/records.txt, and the rows of ~10,000 synthetic reports (every
/// member name the parsers know, alone and all together, under every report type and legacy
/// wrapper) are pinned by digest in Snapshots/variants.txt. A refactoring of the formats must leave
/// both unchanged. After an intended change: LOOKOUT_UPDATE_SNAPSHOTS=1 dotnet test … and review the diff.
/// </summary>
public class RecordSnapshotTests
{
    private static readonly Envelope Envelope = new()
    {
        Id = "0123456789abcdef0123456789abcdef",
        ReceivedAt = new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero),
        ContentType = "unused",
        UserAgent = "EnvelopeAgent",
        Site = "snapshot",
    };

    private static string SnapshotDir => Path.Combine(RepoPaths.Root, "Lookout.Tests", "Core", "Formats", "Snapshots");

    [Fact]
    public void Fixture_and_capture_rows_are_unchanged()
    {
        var dump = new StringBuilder();
        foreach (var delivery in DeliveryCorpus.All)
            Dump(dump, delivery.Name, delivery.Body, delivery.ContentType);
        Compare("records.txt", dump.ToString());
    }

    [Fact]
    public void Synthetic_report_rows_are_unchanged()
    {
        var digests = new StringBuilder();
        var full = new StringBuilder();
        foreach (var (group, deliveries) in SyntheticReports.Groups())
        {
            var dump = new StringBuilder();
            foreach (var (name, body, contentType) in deliveries)
                Dump(dump, name, Encoding.UTF8.GetBytes(body), contentType);
            var text = dump.ToString();
            full.Append(text);
            digests.Append(group).Append(' ').Append(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))).Append('\n');
        }
        WriteActual("variants.full.txt", full.ToString());
        Compare("variants.txt", digests.ToString());
    }

    private static void Dump(StringBuilder dump, string name, byte[] body, string contentType)
    {
        var result = FormatTestKit.Parse(body, contentType);
        dump.Append("## ").Append(name).Append(" (").Append(contentType).Append(")\n");
        if (!result.IsSuccess)
        {
            dump.Append("refused ").Append(result.Error!.Kind).Append(": ").Append(result.Error.Message).Append('\n');
            return;
        }
        for (var i = 0; i < result.Reports.Count; i++)
        {
            var record = ReportRecordBuilder.Build(Envelope, i, result.Reports[i]);
            dump.Append("# ").Append(i).Append(' ').Append(record.PartitionKey).Append(' ').Append(record.RowKey).Append('\n');
            foreach (var (property, value) in record.Properties)
                dump.Append(property).Append(' ').Append(value.Kind).Append(' ').Append(Quote(value.ToString())).Append('\n');
        }
    }

    private static string Quote(string text) => JsonEncodedText.Encode(text, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString();

    private static void Compare(string file, string actual)
    {
        var path = Path.Combine(SnapshotDir, file);
        if (Environment.GetEnvironmentVariable("LOOKOUT_UPDATE_SNAPSHOTS") == "1")
            File.WriteAllText(path, actual);
        var actualPath = WriteActual(file, actual);
        Assert.True(File.Exists(path), $"{path} is missing; LOOKOUT_UPDATE_SNAPSHOTS=1 writes it.");
        Assert.True(File.ReadAllText(path) == actual, $"Rows differ from {path}; this run's rows: {actualPath}");
    }

    private static string WriteActual(string file, string text)
    {
        var dir = Path.Combine(Path.GetTempPath(), "lookout-snapshots");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, file + ".actual");
        File.WriteAllText(path, text);
        return path;
    }
}
