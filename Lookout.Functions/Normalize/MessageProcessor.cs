using Lookout.Core.Formats.Kinds;
using Lookout.Core.Deliveries;
using Lookout.Core.Envelopes;
using Lookout.Core.Formats;
using Lookout.Core.Records;
using Lookout.Core.Reports;
using Lookout.Core.Sites;
using Lookout.Core.Triage;
using Lookout.Functions.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lookout.Functions.Normalize;

/// <summary>
/// Normalize, free of hosting: one queue message (one delivery's envelope, or several side by side,
/// <see cref="MessageCodec"/>) to its records, handed to the group commit (<see cref="ReportGroupCommit"/>), whose
/// <see cref="IssueWriter"/> stores the issue counts first, then the rows the issue's daily row cap still allows.
/// The site's limits (<see cref="SiteLimits"/>: allow-list, issue cap, sampling) decide first which reports are
/// only counted, per delivery. Deterministic keys make a second run of the same message rewrite the same rows,
/// and the digest counts a message once (docs/schema.md, "Exact counts"). A message that is not an envelope
/// throws <see cref="InvalidMessageException"/>, so the host (or the standalone poller) retries and then poisons
/// it whole; a delivery the parser refuses is still stored, as one <c>unknown</c> row.
/// </summary>
public sealed class MessageProcessor(ReportGroupCommit groupCommit, TriagePolicy triage, ReportKinds kinds, SitePolicies sites,
    IOptions<LookoutOptions> options, ILogger<MessageProcessor> logger, Triage.RuntimeNoiseRules? runtimeRules = null)
{
    /// <summary>
    /// Processes one message (one delivery, or several side by side); returns how many rows it stored. An
    /// element that is not an envelope fails the message only after the others are stored, so it ends in the
    /// poison queue without holding them back (their retries rewrite the same rows and count nothing again).
    /// </summary>
    public async Task<int> ProcessAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        if (!MessageCodec.TryRead(message, out var entries, out var shards, out var error))
            throw new InvalidMessageException($"Queue message is {error}.");

        // The configured policy plus the rules edited at run time, when the host has them.
        var policy = runtimeRules is null ? triage : await runtimeRules.PolicyAsync(cancellationToken);
        var records = new List<ReportRecord>();
        foreach (var entry in entries)
            if (entry.Message is { } delivery)
                records.AddRange(SiteLimits.Apply(delivery.Envelope, BuildRecords(delivery, policy, kinds), sites.For(delivery.Envelope.Site),
                    options.Value.MaxIssuesPerDelivery, kinds));
        // Waits for the group's write as a whole; cancelling one invocation would not take its records out.
        var stored = await groupCommit.AddRecordsAsync(new MessageRecords(MessageRecords.IdOf(message.Span), records, shards)).WaitAsync(cancellationToken);
        logger.LogDebug("Counted {Count} reports of {Deliveries} deliveries, stored {Rows} rows", records.Count, entries.Count, stored);
        if (entries.FirstOrDefault(e => e.Message is null) is { } bad)
            throw new InvalidMessageException(
                $"Delivery {entries.ToList().IndexOf(bad)} of {entries.Count} in the queue message is {bad.Error}; the others are stored.");
        return stored;
    }

    internal static List<ReportRecord> BuildRecords(EnvelopeMessage message, TriagePolicy triage, ReportKinds kinds)
    {
        var envelope = message.Envelope;
        IReadOnlyList<NormalizedReport> reports;
        if (!ContentTypes.TryResolve(envelope.ContentType, out var format))
        {
            reports = [Unknown(message.Body, $"content type '{envelope.ContentType}' is not supported")];
        }
        else
        {
            try
            {
                var parsed = DeliveryParser.Parse(message.Body, format, kinds: kinds);
                reports = parsed.IsSuccess ? parsed.Reports : [Unknown(message.Body, parsed.Error!.Message)];
            }
            catch (Exception e)
            {
                // A parser bug is deterministic: retrying cannot help and would poison an acknowledged
                // delivery. Store each report raw as unknown instead, so only storage failures ever throw.
                reports = EachReportUnknown(message.Body, $"Normalize failed ({e.GetType().Name}): {e.Message}");
            }
        }

        var records = new List<ReportRecord>(reports.Count);
        for (var i = 0; i < reports.Count; i++)
        {
            try
            {
                records.Add(ReportRecordBuilder.Build(envelope, i, reports[i], kinds, triage));
            }
            catch (Exception e)
            {
                // Same reasoning for one report whose row cannot be built: the others of the batch still land.
                records.Add(ReportRecordBuilder.Build(envelope, i,
                    UnknownReport.Of(reports[i].Raw, $"Building the row failed ({e.GetType().Name}): {e.Message}")));
            }
        }
        return records;
    }

    private static NormalizedReport[] EachReportUnknown(ReadOnlyMemory<byte> body, string reason)
    {
        var scan = DeliveryScanner.Scan(body.Span);
        return scan.IsValid
            ? scan.Reports.Select(range => Unknown(body[range], reason)).ToArray()
            : [Unknown(body, reason)];
    }

    private static NormalizedReport Unknown(ReadOnlyMemory<byte> body, string reason) =>
        UnknownReport.Of(System.Text.Encoding.UTF8.GetString(body.Span), reason);
}

/// <summary>A queue message that no retry can make into reports (it ends in the poison queue).</summary>
public sealed class InvalidMessageException(string message) : Exception(message);
