using Lookout.Core.Deliveries;
using Lookout.Core.Envelopes;
using Lookout.Core.Sites;
using Lookout.Functions.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lookout.Functions.Ingest;

/// <summary>
/// The Ingest decision, free of HTTP plumbing: check the content type and the delivery's structure,
/// wrap it in envelope(s), and report success only once the group commit has put every one in the queue. A site over its
/// budget (<c>Lookout__Sites</c>) gets its envelope stamped with the share of reports that keep rows.
/// </summary>
public sealed class DeliveryIngestor(IDeliveryQueue queue, EnqueueGroupCommit groupCommit, TimeProvider clock, SitePolicies sites, SiteLoadMeter load,
    IOptions<LookoutOptions> options, ILogger<DeliveryIngestor> logger)
{
    /// <summary>Longest user agent kept in the envelope (reports carry their own user_agent anyway).</summary>
    private const int MaxUserAgentLength = 1024;

    public async Task<IngestResult> IngestAsync(string? contentType, ReadOnlyMemory<byte> body, string? userAgent, string? site, CancellationToken cancellationToken)
    {
        if (!ContentTypes.TryResolve(contentType, out _))
            return IngestResult.UnsupportedMediaType(
                $"Content-Type '{Echo.Cap(contentType)}' is not accepted; use one of: {string.Join(", ", ContentTypes.Supported)}.");
        if (site is not null && !SiteTag.IsValid(site))
            return IngestResult.BadRequest($"The site tag may hold {SiteTag.Rule}.");

        var scan = DeliveryScanner.Scan(body.Span);
        if (!scan.IsValid)
            return scan.Error!.Kind == DeliveryErrorKind.TooManyReports
                ? IngestResult.TooLarge(scan.Error.Message)
                : IngestResult.BadRequest(scan.Error.Message);
        if (ReportArrayRule.Check(body.Span, scan) is { } untyped)
            return IngestResult.BadRequest(untyped.Message);

        var receivedAt = clock.GetUtcNow();
        var envelope = new Envelope
        {
            Id = Envelope.NewId(),
            ReceivedAt = receivedAt,
            // Over the site's budget, only this share keeps rows (Normalize picks which, the same on every retry);
            // the answer is still 204, so browsers do not retry what was shed.
            KeepPpm = load.Admit(sites.For(site), scan.Reports.Count, receivedAt),
            ContentType = contentType!.Length > 256 ? contentType[..256] : contentType,
            UserAgent = userAgent is { Length: > MaxUserAgentLength } ? userAgent[..MaxUserAgentLength] : userAgent,
            Site = site,
        };
        var split = DeliverySplitter.Split(body.Span, scan, envelope, queue.MaxMessageBytes);
        if (split.TooLargeReason is not null)
            return IngestResult.TooLarge(split.TooLargeReason);

        // One deadline over every message of the delivery. WaitAsync bounds the answer even if a call ignores
        // its token; a put storage accepts after the deadline may still be stored (at-least-once, see README).
        // The group commit takes a delivery whose deadline passed before its put out of the next message.
        var timeout = TimeSpan.FromSeconds(options.Value.EnqueueTimeoutSeconds);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await groupCommit.EnqueueAsync(split.Messages, deadline.Token).WaitAsync(timeout, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Not acknowledged: the browser (or curl) is told to come back later. One line, no stack trace:
            // during an outage every request lands here.
            logger.LogWarning("Enqueue of delivery {EnvelopeId} failed: {Error}", envelope.Id,
                e is TimeoutException or OperationCanceledException ? $"no answer within {timeout.TotalSeconds:0.#} s" : e.Message);
            return IngestResult.Unavailable("The report queue is unavailable; retry later.");
        }
        logger.LogDebug("Queued delivery {EnvelopeId}: {Reports} reports in {Envelopes} envelopes",
            envelope.Id, scan.Reports.Count, split.Messages.Count);
        return IngestResult.Accepted();
    }
}
