using Lookout.Core.Alerts;
using Lookout.Functions.Storage;
using Microsoft.Extensions.Logging;

namespace Lookout.Functions.Alerts;

/// <summary>
/// Puts an alert in the alerts queue, one message per target whose filters want it. Nothing is posted here:
/// delivery (retries, throttle) happens in <see cref="AlertDelivery"/>, so the write path never waits for a webhook.
/// </summary>
public sealed class AlertPublisher(StorageClients storage, AlertTargets targets, ILogger<AlertPublisher> logger)
{
    /// <summary>Enqueues the alert for every target that wants it; returns how many messages were sent.</summary>
    public async Task<int> PublishAsync(Alert alert, CancellationToken cancellationToken)
    {
        var wanted = targets.All.Where(t => t.Wants(alert)).ToList();
        foreach (var target in wanted)
            await SendAsync(new AlertMessage(alert, target.Index), TimeSpan.Zero, cancellationToken);
        logger.LogInformation("Alert {Rule} {Key} queued for {Targets} of {All} targets: {Title}", alert.Rule, alert.Key, wanted.Count, targets.All.Count, alert.Title);
        return wanted.Count;
    }

    internal async Task SendAsync(AlertMessage message, TimeSpan delay, CancellationToken cancellationToken)
    {
        var body = BinaryData.FromBytes(message.ToBytes());
        try
        {
            await storage.AlertsQueue.SendMessageAsync(body, visibilityTimeout: delay, cancellationToken: cancellationToken);
        }
        catch (Exception e) when (MissingResource.IsMissing(e))
        {
            await storage.AlertsQueue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            await storage.AlertsQueue.SendMessageAsync(body, visibilityTimeout: delay, cancellationToken: cancellationToken);
        }
    }
}
