using System.Globalization;
using Lookout.Core.Alerts;
using Lookout.Functions.Normalize;
using Lookout.Functions.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lookout.Functions.Alerts;

/// <summary>
/// Delivers one <see cref="AlertMessage"/>: the throttle first (held-back alerts become one summary at the
/// end of the window), then the post. A failed post is put back into the queue as a copy visible after the
/// backoff (doubling from <see cref="AlertOptions.RetryFirstSeconds"/>), and this message completes: the
/// queue holds the retry, so a restart loses nothing and host.json's short visibility timeout does not set
/// the pace. After <see cref="AlertOptions.MaxAttempts"/> posts, or a 4xx no retry can fix, the alert goes to
/// <c>lookout-alerts-poison</c>. Delivery is at least once; receivers drop repeats by the idempotency key.
/// </summary>
public sealed class AlertDelivery(
    AlertTargets targets, AlertThrottle throttle, WebhookSender sender, AlertPublisher queue, StorageClients storage,
    IOptions<LookoutOptions> options, TimeProvider time, ILogger<AlertDelivery> logger)
{
    private AlertOptions Settings => options.Value.Alerts;

    public async Task DeliverAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var message = AlertMessage.Parse(body.Span) ?? throw new InvalidMessageException("Alert message is not an alert.");
        var progress = new Progress();
        try
        {
            await DeliverOnceAsync(message, body, progress, cancellationToken);
        }
        catch (Exception e) when (StorageFailures.Is(e) && message.Attempt < Settings.MaxAttempts && !cancellationToken.IsCancellationRequested)
        {
            // A storage hiccup (the throttle's or the delivered-alerts table): this alert's own retries, with its
            // backoff, instead of the queue trigger's few quick redeliveries and then the poison queue. Admission and
            // the delivered record are idempotent, so the next attempt picks up where this one stopped.
            var delay = RetryDelay(message.Attempt);
            // Let through already: the next attempt posts it without a second admission (in a later window).
            await queue.SendAsync(message with { Attempt = message.Attempt + 1, Admitted = message.Admitted || progress.Admitted }, delay, cancellationToken);
            logger.LogWarning("Alert {Key} ({Rule}): storage failed on attempt {Attempt} ({Error}); next try in {Delay}",
                message.Alert.Key, message.Alert.Rule, message.Attempt, e.Message, delay);
        }
    }

    // Whole seconds: queue visibility has no finer grain.
    private TimeSpan RetryDelay(int attempt) =>
        TimeSpan.FromSeconds(Math.Ceiling(Backoff.Delay(attempt, Settings.RetryFirst, Settings.RetryMax).TotalSeconds));

    private sealed class Progress
    {
        public bool Admitted;
    }

    private async Task DeliverOnceAsync(AlertMessage message, ReadOnlyMemory<byte> body, Progress progress, CancellationToken cancellationToken)
    {
        if (targets.At(message.Target) is not { } target)
        {
            logger.LogWarning("Alert {Key} is for target {Target}, which is no longer configured: dropped", message.Alert.Key, message.Target);
            return;
        }
        var alert = message.Alert;
        if (alert.Rule == AlertRules.Summary)
        {
            var held = await throttle.HeldBackAsync(target.Index, message.Window ?? "", cancellationToken);
            if (held is null)
                return;
            alert = Summary(alert, held, target);
        }
        else if (!message.Admitted)
        {
            var admission = await throttle.AdmitAsync(target.Index, alert, time.GetUtcNow(), cancellationToken);
            progress.Admitted = admission.Send;
            if (!admission.Send)
            {
                if (admission.QueueSummary)
                {
                    await QueueSummaryAsync(target, admission.Window, cancellationToken);
                    await throttle.MarkSummaryQueuedAsync(target.Index, AlertThrottle.WindowKey(admission.Window), cancellationToken);
                }
                logger.LogInformation("Alert {Key} ({Rule}) held back by the throttle of {Target}", alert.Key, alert.Rule, target.Name);
                return;
            }
        }

        if (await throttle.WasDeliveredAsync(target.Index, alert.Key, cancellationToken))
        {
            logger.LogInformation("Alert {Key} ({Rule}) was delivered to {Target} already", alert.Key, alert.Rule, target.Name);
            return;
        }
        var result = await sender.PostAsync(target, alert, cancellationToken);
        if (result.Delivered)
        {
            await throttle.MarkDeliveredAsync(target.Index, alert.Key, time.GetUtcNow(), cancellationToken);
            if (alert.Rule == AlertRules.Summary)
                await throttle.MarkSummarySentAsync(target.Index, message.Window!, cancellationToken);
            logger.LogInformation("Alert {Key} ({Rule}) delivered to {Target} on attempt {Attempt}", alert.Key, alert.Rule, target.Name, message.Attempt);
            return;
        }
        if (result.Permanent || message.Attempt >= Settings.MaxAttempts)
        {
            await storage.AlertsPoisonQueue.SendMessageAsync(BinaryData.FromBytes(body.ToArray()), cancellationToken: cancellationToken);
            logger.LogError("Alert {Key} ({Rule}) to {Target} given up after attempt {Attempt} ({Outcome}); kept in {Poison}",
                alert.Key, alert.Rule, target.Name, message.Attempt, result.Outcome, storage.AlertsPoisonQueue.Name);
            return;
        }
        var delay = RetryDelay(message.Attempt);
        await queue.SendAsync(message with { Attempt = message.Attempt + 1, Admitted = true }, delay, cancellationToken);
        logger.LogWarning("Alert {Key} ({Rule}) to {Target} failed on attempt {Attempt} ({Outcome}); next try in {Delay}",
            alert.Key, alert.Rule, target.Name, message.Attempt, result.Outcome, delay);
    }

    /// <summary>The summary message waits (invisible) until its window has ended, so it counts the whole window.</summary>
    private async Task QueueSummaryAsync(AlertTarget target, DateTimeOffset window, CancellationToken cancellationToken)
    {
        var key = AlertThrottle.WindowKey(window);
        var placeholder = new Alert(AlertRules.Summary, AlertKeys.Of(AlertRules.Summary, target.Index.ToString(CultureInfo.InvariantCulture), key),
            "", "", new AlertLinks(Settings.DashboardUrl).Issues(), null, null, null, 0, 0, window);
        var due = window + Settings.ThrottleWindow - time.GetUtcNow();
        await queue.SendAsync(new AlertMessage(placeholder, target.Index, Admitted: true, Window: key),
            due > TimeSpan.Zero ? due + TimeSpan.FromSeconds(1) : TimeSpan.Zero, cancellationToken);
    }

    private Alert Summary(Alert placeholder, HeldBack held, AlertTarget target)
    {
        var window = placeholder.At;
        var rules = string.Join(", ", held.ByRule.Select(r => $"{AlertPayloads.Heading(r.Key).ToLowerInvariant()}: {r.Value}"));
        return placeholder with
        {
            Title = $"{held.Total} more alerts held back",
            Detail = $"{target.Name} had its {Settings.MaxPerHour} alerts of the window from {window.UtcDateTime:HH:mm} UTC; "
                + $"{held.Total} more were held back ({rules}). The issue list has them all.",
            Count = held.Total,
            Reach = held.Total,
            At = time.GetUtcNow(),
        };
    }
}
