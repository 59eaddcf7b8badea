using Microsoft.Azure.Functions.Worker;

namespace Lookout.Functions.Alerts;

/// <summary>
/// RateAlerts: every 5 minutes, spike and silence from the digest (<see cref="RateAlerts"/>). The Functions host
/// runs one instance at a time; the standalone host reads the same trigger and schedule.
/// </summary>
public sealed class RateAlertsFunction(RateAlerts rules)
{
    public const string Name = "RateAlerts";

    /// <summary>At second 0 of every fifth minute (six fields, seconds first).</summary>
    public const string Schedule = "0 */5 * * * *";

    [Function(Name)]
    public Task RunAsync([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        rules.RunAsync(cancellationToken);
}
