using Microsoft.Azure.Functions.Worker;

namespace Lookout.Functions.Retention;

/// <summary>
/// Retention: once a day, deletes report rows and digest entities older than <c>Lookout__RetentionDays</c>.
/// The Functions host fires the timer (one instance at a time, through its blob lease); the standalone host
/// reads the same <see cref="TimerTriggerAttribute"/> and runs it on the same schedule.
/// </summary>
public sealed class RetentionFunction(RetentionSweeper sweeper)
{
    public const string Name = "Retention";

    /// <summary>Every day at 03:30:00 UTC (six fields, seconds first, as the timer trigger reads them).</summary>
    public const string Schedule = "0 30 3 * * *";

    [Function(Name)]
    public Task RunAsync([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        sweeper.RunAsync(cancellationToken);
}
