using Lookout.Core.Deliveries;
using Lookout.Core.Envelopes;
using Lookout.Core.Formats;
using Lookout.Core.Records;
using Lookout.Core.Reports;
using Lookout.Core.Triage;
using Lookout.Functions.Issues;
using Lookout.Functions.Ports;
using Microsoft.Extensions.Logging;

namespace Lookout.Functions.Normalize;

/// <summary>
/// Normalize, free of hosting: one envelope message to its issue counts and table rows. The counts are
/// stored first (through the group commit), then the rows the issue's daily row cap still allows.
/// Deterministic keys make a second run of the same message rewrite the same rows (its counts are added
/// again: docs/schema.md says how many). A message that is not an envelope throws
/// <see cref="InvalidMessageException"/>, so the host (or the standalone poller) retries and then poisons
/// it whole; a delivery the parser refuses is still stored, as one <c>unknown</c> row.
/// </summary>
public sealed class MessageProcessor(IReportStore store, DigestGroupCommit digest, TriagePolicy triage, ILogger<MessageProcessor> logger)
{
    /// <summary>Processes one message; returns how many rows it stored.</summary>
    public async Task<int> ProcessAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        if (!EnvelopeCodec.TryRead(message, out var envelopeMessage, out var error))
            throw new InvalidMessageException($"Queue message is {error}.");

        var records = BuildRecords(envelopeMessage!, triage);
        var allowed = await digest.AddAsync(IssueTally.Of(records));
        var kept = Kept(records, allowed);
        await store.UpsertAsync(kept, cancellationToken);
        logger.LogDebug("Counted {Count} reports of delivery {EnvelopeId}, stored {Rows} rows",
            records.Count, envelopeMessage!.Envelope.Id, kept.Count);
        return kept.Count;
    }

    /// <summary>The records each issue's share of the row cap allows, first ones first; dropped noise never.</summary>
    internal static List<ReportRecord> Kept(List<ReportRecord> records, IReadOnlyDictionary<IssueKey, long> allowed)
    {
        var left = new Dictionary<IssueKey, long>(allowed);
        var kept = new List<ReportRecord>(records.Count);
        foreach (var record in records)
        {
            if (record.Drop)
                continue;
            var key = IssueTally.KeyOf(record);
            if (left.TryGetValue(key, out var n) && n > 0)
            {
                left[key] = n - 1;
                kept.Add(record);
            }
        }
        return kept;
    }

    internal static List<ReportRecord> BuildRecords(EnvelopeMessage message, TriagePolicy triage)
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
            records.Add(ReportRecordBuilder.Build(envelope, i, reports[i], triage: triage));
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
