using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;

namespace Lookout.Functions.Alerts;

/// <summary>
/// DeliverAlert: one message of <c>lookout-alerts</c> (one alert for one webhook target) posted by
/// <see cref="AlertDelivery"/>. Under the Functions host the trigger runs it; standalone, the queue poller
/// finds this trigger and polls the alerts queue too.
/// </summary>
public sealed class AlertDeliveryFunction(AlertDelivery delivery)
{
    public const string Name = "DeliverAlert";

    [Function(Name)]
    public Task RunAsync(
        [QueueTrigger(QueueNames.Alerts, Connection = Storage.StorageRegistration.ConnectionName)] QueueMessage message,
        CancellationToken cancellationToken) =>
        delivery.DeliverAsync(message.Body.ToMemory(), cancellationToken);
}
