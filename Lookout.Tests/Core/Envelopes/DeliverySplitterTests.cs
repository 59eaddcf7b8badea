using System.Text;
using System.Text.Json;
using Lookout.Core.Deliveries;
using Lookout.Core.Envelopes;

namespace Lookout.Tests.Pipeline;

public class DeliverySplitterTests
{
    private static Envelope NewEnvelope() => new()
    {
        Id = Envelope.NewId(),
        ReceivedAt = DateTimeOffset.UtcNow,
        ContentType = "application/reports+json",
    };

    private static string Report(int i, int padding) =>
        $$$"""{"type":"csp-violation","age":{{{i}}},"url":"https://example.com/{{{i}}}","body":{"sample":"{{{new string('x', padding)}}}"}}""";

    [Fact]
    public void A_delivery_that_fits_goes_whole_with_its_bytes_unchanged()
    {
        var body = Encoding.UTF8.GetBytes("\uFEFF [ " + Report(0, 10) + " ,\n" + Report(1, 10) + " ] \n");
        var scan = DeliveryScanner.Scan(body);
        var result = DeliverySplitter.Split(body, scan, NewEnvelope(), 48 * 1024);

        var message = Assert.Single(result.Messages);
        Assert.True(EnvelopeCodec.TryRead(message, out var read, out _));
        Assert.Equal("[ " + Report(0, 10) + " ,\n" + Report(1, 10) + " ]", Encoding.UTF8.GetString(read!.Body.Span));
        Assert.Equal(0, read.Envelope.FirstIndex);
    }

    [Fact]
    public void A_large_array_is_split_at_report_boundaries_each_part_within_the_limit()
    {
        const int limit = 8 * 1024;
        var reports = Enumerable.Range(0, 40).Select(i => Report(i, 300 + i * 7)).ToList();
        var body = Encoding.UTF8.GetBytes("[" + string.Join(",", reports) + "]");
        var envelope = NewEnvelope();
        var result = DeliverySplitter.Split(body, DeliveryScanner.Scan(body), envelope, limit);

        Assert.True(result.Messages.Count > 1);
        var seen = new List<string>();
        foreach (var message in result.Messages)
        {
            Assert.True(message.Length <= limit, $"message of {message.Length} bytes");
            Assert.True(EnvelopeCodec.TryRead(message, out var read, out _));
            Assert.Equal(envelope.Id, read!.Envelope.Id);
            Assert.Equal(seen.Count, read.Envelope.FirstIndex);
            var part = DeliveryScanner.Scan(read.Body.Span);
            Assert.True(part.IsArray);
            seen.AddRange(part.Reports.Select(r => Encoding.UTF8.GetString(read.Body.Span[r])));
        }
        Assert.Equal(reports, seen);
    }

    [Fact]
    public void A_single_report_too_large_for_any_message_is_refused_with_its_index()
    {
        var body = Encoding.UTF8.GetBytes("[" + Report(0, 10) + "," + Report(1, 9000) + "]");
        var result = DeliverySplitter.Split(body, DeliveryScanner.Scan(body), NewEnvelope(), 8 * 1024);
        Assert.Empty(result.Messages);
        Assert.StartsWith("Report 1 is", result.TooLargeReason);
    }

    [Fact]
    public void Split_parts_are_valid_json()
    {
        var body = Encoding.UTF8.GetBytes("[" + string.Join(",", Enumerable.Range(0, 30).Select(i => Report(i, 500))) + "]");
        var messages = DeliverySplitter.Split(body, DeliveryScanner.Scan(body), NewEnvelope(), 4096).Messages;
        Assert.True(messages.Count > 1, $"{messages.Count} message(s): nothing was split");
        var reports = 0;
        foreach (var message in messages)
        {
            using var envelope = JsonDocument.Parse(message);
            Assert.True(EnvelopeCodec.TryRead(message, out var read, out var error), error);
            using var part = JsonDocument.Parse(read!.Body);
            reports += part.RootElement.GetArrayLength();
        }
        Assert.Equal(30, reports);
    }
}
