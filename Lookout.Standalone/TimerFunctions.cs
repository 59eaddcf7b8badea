using System.Reflection;
using Lookout.Functions;
using Lookout.Functions.Hosting;
using Lookout.Functions.Retention;
using Microsoft.Extensions.Options;
using Microsoft.Azure.Functions.Worker;
using NCrontab;

namespace Lookout.Standalone;

/// <summary>
/// Runs every timer-triggered function of the function app on the schedule its <see cref="TimerTriggerAttribute"/>
/// declares (the declaration the Worker SDK writes to functions.metadata), parsed by NCrontab as the Functions
/// host's timer trigger parses it: six fields, seconds first, in UTC. Like the host, a run that is still going
/// when its next occurrence comes is not doubled, and RunOnStartup runs it once at start.
/// </summary>
internal sealed class TimerFunctions(IServiceProvider services, TimeProvider time, IOptions<LookoutOptions> options, ILogger<TimerFunctions> logger) : BackgroundService
{
    public static IReadOnlyList<TimerFunction> Discover() => FunctionMethods.All.Select(TimerFunction.From).OfType<TimerFunction>().ToList();

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Discover().Select(function => RunOnScheduleAsync(function, stoppingToken)));

    private async Task RunOnScheduleAsync(TimerFunction function, CancellationToken stoppingToken)
    {
        var last = (DateTime?)null;
        if (function.RunOnStartup)
            last = await InvokeAsync(function, last, stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow().UtcDateTime;
            var next = function.NextAfter(now);
            if (function.Name == RetentionFunction.Name)
                logger.LogInformation("Timer function {Function} next runs at {Next:O}; it keeps {Days} days (Lookout__RetentionDays, 0 = forever)",
                    function.Name, next, options.Value.RetentionDays);
            else
                logger.LogInformation("Timer function {Function} next runs at {Next:O}", function.Name, next);
            try { await Task.Delay(next - now, time, stoppingToken); }
            catch (OperationCanceledException) { return; }
            last = await InvokeAsync(function, last, stoppingToken);
        }
    }

    private async Task<DateTime> InvokeAsync(TimerFunction function, DateTime? last, CancellationToken stoppingToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var timer = new TimerInfo
        {
            IsPastDue = false,
            ScheduleStatus = new ScheduleStatus { Last = last ?? default, Next = function.NextAfter(now), LastUpdated = now },
        };
        try
        {
            await function.InvokeAsync(services, timer, stoppingToken);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            // As under the host: a failed run is logged and the next occurrence runs as usual.
            logger.LogError(e, "Timer function {Function} failed", function.Name);
        }
        return now;
    }
}

/// <summary>One timer function: a method taking <see cref="TimerInfo"/> and a CancellationToken, returning a Task.</summary>
internal sealed record TimerFunction(string Name, string Schedule, bool RunOnStartup, MethodInfo Method)
{
    private readonly CrontabSchedule _cron = CrontabSchedule.Parse(Schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true });

    public static TimerFunction? From(MethodInfo method)
    {
        if (FunctionMethods.Triggered<TimerTriggerAttribute>(method, typeof(TimerInfo), "Timer") is not var (name, trigger))
            return null;
        if (trigger.Schedule.Contains('%', StringComparison.Ordinal))
            throw new InvalidOperationException($"Timer function {name}: the standalone host runs constant CRON schedules only, not '{trigger.Schedule}'.");
        return new TimerFunction(name, trigger.Schedule, trigger.RunOnStartup, method);
    }

    /// <summary>The first occurrence strictly after <paramref name="utc"/>.</summary>
    public DateTime NextAfter(DateTime utc) => DateTime.SpecifyKind(_cron.GetNextOccurrence(utc), DateTimeKind.Utc);

    public Task InvokeAsync(IServiceProvider services, TimerInfo timer, CancellationToken cancellationToken) =>
        (Task)Method.Invoke(services.GetRequiredService(Method.DeclaringType!), [timer, cancellationToken])!;
}
