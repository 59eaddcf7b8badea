using System.Text;
using Lookout.Core.Envelopes;
using Lookout.Core.Formats;
using Lookout.Core.Records;

namespace Lookout.Tests.Formats;

/// <summary>
/// Issue 19: no value of any JSON type, anywhere in a report, may lose a report. Every value of every
/// fixture and capture (each member at every depth, one at a time) is replaced by each value below;
/// the delivery must still give as many reports, none through the parser's last-resort catch, and
/// every row built from them must be storable.
/// </summary>
public class EveryFieldAsEveryJsonTypeTests
{
    private static readonly string[] Replacements =
    [
        "\"text\"", "\"\"", "42", "-1", "1.5", "1e999", "100000000000000000000", "100000000000000000", "70000000000000",
        "\"0001-01-01T00:00:00Z\"", "\"9999-12-31T23:59:59-05:00\"", "{}", """{"a":[1,{"b":null}]}""",
        "[]", """[1,"x",{}]""", "true", "false", "null", "\"\\udc00\"", "\"a\\ud800\"", "\"\\u0000\"",
        "\"" + new string('x', 40_000) + "\"",
    ];

    private static readonly Envelope Envelope = new()
    {
        Id = "0123456789abcdef0123456789abcdef",
        ReceivedAt = new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero),
        ContentType = "unused",
        UserAgent = "EnvelopeAgent",
    };

    public static TheoryData<string> Deliveries() => new(DeliveryCorpus.All.Where(d => FormatTestKit.Parse(d.Body, d.ContentType).IsSuccess).Select(d => d.Name));

    [Fact]
    public void The_corpus_is_every_fixture_and_capture() =>
        Assert.Equal(46 + 16, DeliveryCorpus.All.Count);

    [Theory]
    [MemberData(nameof(Deliveries))]
    public void Any_value_anywhere_keeps_every_report_and_a_storable_row(string name)
    {
        var delivery = DeliveryCorpus.All.Single(d => d.Name == name);
        var expected = FormatTestKit.Parse(delivery.Body, delivery.ContentType).Reports.Count;
        var slots = JsonValueSlots.Find(delivery.Body);
        Assert.NotEmpty(slots);
        var problems = new List<string>();
        foreach (var slot in slots)
            foreach (var replacement in Replacements)
            {
                var body = JsonValueSlots.Replace(delivery.Body, slot, Encoding.UTF8.GetBytes(replacement));
                var where = $"bytes {slot} = {(replacement.Length > 20 ? replacement[..20] + "…" : replacement)}";
                problems.AddRange(Check(body, delivery.ContentType, expected).Select(p => $"{where}: {p}"));
            }
        Assert.True(problems.Count == 0, $"{problems.Count} problems, first: {string.Join("\n", problems.Take(10))}");
    }

    private static List<string> Check(byte[] body, string contentType, int expected)
    {
        var problems = new List<string>();
        try
        {
            var result = FormatTestKit.Parse(body, contentType);
            if (!result.IsSuccess)
                return [$"refused: {result.Error!.Message}"];
            if (result.Reports.Count != expected)
                problems.Add($"{result.Reports.Count} reports, not {expected}");
            for (var i = 0; i < result.Reports.Count; i++)
            {
                var report = result.Reports[i];
                if (report.UnknownReason?.StartsWith(DeliveryParser.ParserFailure, StringComparison.Ordinal) == true)
                    problems.Add($"report {i} fell back to the last-resort catch: {report.UnknownReason}");
                var record = ReportRecordBuilder.Build(Envelope, i, report);
                problems.AddRange(StorableRecords.Problems(record).Select(p => $"report {i}: {p}"));
            }
        }
        catch (Exception e)
        {
            problems.Add($"threw {e.GetType().Name}: {e.Message}");
        }
        return problems;
    }
}
