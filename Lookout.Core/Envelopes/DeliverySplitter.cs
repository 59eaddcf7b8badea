using System.Buffers;
using Lookout.Core.Deliveries;

namespace Lookout.Core.Envelopes;

/// <summary>
/// Packs one scanned delivery into as few envelope messages as fit <c>maxMessageBytes</c> (the size
/// before any queue encoding). A delivery that fits goes whole, bytes unchanged; a larger array is
/// split at report boundaries, each report's bytes unchanged, each part carrying its first index.
/// </summary>
public static class DeliverySplitter
{
    public static SplitResult Split(ReadOnlySpan<byte> body, DeliveryScan scan, Envelope envelope, int maxMessageBytes)
    {
        if (!scan.IsValid)
            throw new ArgumentException("Only a valid scan can be split.", nameof(scan));

        var budget = maxMessageBytes - EnvelopeCodec.HeaderLength(envelope);
        var whole = Trim(body, scan);
        if (whole.Length <= budget)
            return SplitResult.Of([Encode(envelope, whole)]);

        // One report that cannot fit on its own cannot be queued at all.
        for (var i = 0; i < scan.Reports.Count; i++)
        {
            var length = scan.Reports[i].GetOffsetAndLength(body.Length).Length;
            if (length + 2 > budget)
                return SplitResult.TooLarge(i, length, budget - 2);
        }

        var messages = new List<byte[]>();
        var part = new ArrayBufferWriter<byte>(budget);
        var first = 0;
        for (var i = 0; i < scan.Reports.Count; i++)
        {
            var report = body[scan.Reports[i]];
            // '[' + reports joined by ',' + ']'
            if (part.WrittenCount > 0 && part.WrittenCount + 1 + report.Length + 1 > budget)
            {
                messages.Add(Close(envelope with { FirstIndex = envelope.FirstIndex + first }, part));
                part.ResetWrittenCount();
                first = i;
            }
            part.Write(part.WrittenCount == 0 ? "["u8 : ","u8);
            part.Write(report);
        }
        messages.Add(Close(envelope with { FirstIndex = envelope.FirstIndex + first }, part));
        return SplitResult.Of(messages);
    }

    private static byte[] Close(Envelope envelope, ArrayBufferWriter<byte> part)
    {
        part.Write("]"u8);
        return Encode(envelope, part.WrittenSpan);
    }

    private static byte[] Encode(Envelope envelope, ReadOnlySpan<byte> body)
    {
        var output = new ArrayBufferWriter<byte>(body.Length + 512);
        EnvelopeCodec.Write(output, envelope, body);
        return output.WrittenSpan.ToArray();
    }

    // The body without BOM and surrounding white space: from the first report's container to its end.
    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> body, DeliveryScan scan)
    {
        if (!scan.IsArray)
            return body[scan.Reports[0]];
        var start = body.IndexOf((byte)'[');
        var end = body.LastIndexOf((byte)']');
        return body[start..(end + 1)];
    }
}

/// <summary>The messages of one delivery, or which report was too large for any message.</summary>
public sealed class SplitResult
{
    public IReadOnlyList<byte[]> Messages { get; private init; } = [];
    public string? TooLargeReason { get; private init; }

    internal static SplitResult Of(IReadOnlyList<byte[]> messages) => new() { Messages = messages };
    internal static SplitResult TooLarge(int index, int length, int budget) => new()
    {
        TooLargeReason = $"Report {index} is {length} bytes; one report may be at most {budget} bytes.",
    };
}
