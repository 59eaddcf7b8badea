using Lookout.Core.Deliveries;
using Lookout.Core.Envelopes;
using Lookout.Core.Formats;
using Lookout.Core.Records;
using Lookout.Core.Reports;
using Lookout.Functions.Ports;
using Microsoft.Extensions.Logging;

namespace Lookout.Functions.Normalize;

/// <summary>
/// Normalize, free of hosting: one envelope message to its table rows. Deterministic keys make a
/// second run of the same message rewrite the same rows. A message that is not an envelope throws
/// <see cref="InvalidMessageException"/>, so the host (or the standalone poller) retries and then
/// poisons it whole; a delivery the parser refuses is still stored, as one <c>unknown</c> row.
/// </summary>
public sealed class MessageProcessor(IReportStore store, ILogger<MessageProcessor> logger)
{
    public async Task<int> ProcessAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        if (!EnvelopeCodec.TryRead(message, out var envelopeMessage, out var error))
            throw new InvalidMessageException($"Queue message is {error}.");

        var records = BuildRecords(envelopeMessage!);
        await store.UpsertAsync(records, cancellationToken);
        logger.LogDebug("Stored {Count} reports of delivery {EnvelopeId}", records.Count, envelopeMessage!.Envelope.Id);
        return records.Count;
    }

    internal static List<ReportRecord> BuildRecords(EnvelopeMessage message)
    {
        var envelope = message.Envelope;
        IReadOnlyList<NormalizedReport> reports;
        if (!ContentTypes.TryResolve(envelope.ContentType, out var format))
        {
            reports = [Unknown(message.Body, $"content type '{envelope.ContentType}' is not supported")];
        }
        else
        {
            var parsed = DeliveryParser.Parse(message.Body, format);
            reports = parsed.IsSuccess ? parsed.Reports : [Unknown(message.Body, parsed.Error!.Message)];
        }

        var records = new List<ReportRecord>(reports.Count);
        for (var i = 0; i < reports.Count; i++)
            records.Add(ReportRecordBuilder.Build(envelope, i, reports[i]));
        return records;
    }

    private static NormalizedReport Unknown(ReadOnlyMemory<byte> body, string reason)
    {
        var raw = System.Text.Encoding.UTF8.GetString(body.Span);
        return new NormalizedReport
        {
            Type = ReportTypes.Unknown,
            SourceFormat = SourceFormats.Unknown,
            Body = "{}",
            Raw = raw,
            UnknownReason = reason,
        };
    }
}

/// <summary>A queue message that no retry can make into reports (it ends in the poison queue).</summary>
public sealed class InvalidMessageException(string message) : Exception(message);
