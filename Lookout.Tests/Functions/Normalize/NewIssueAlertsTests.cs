using Lookout.Functions;
using Lookout.Functions.Normalize;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Lookout.Tests.Functions.Normalize;

/// <summary>The NewIssue throttle on fake time: N events per window, the rest in one summary at the window's end.</summary>
public class NewIssueAlertsTests
{
    private sealed class Capture : ILogger<NewIssueAlerts>
    {
        public List<(string Event, string Message)> Lines { get; } = [];
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Lines) Lines.Add((eventId.Name ?? "", formatter(state, exception)));
        }
        public int Count(string name) { lock (Lines) return Lines.Count(l => l.Event == name); }
    }

    private static (NewIssueAlerts Alerts, Capture Log, FakeTimeProvider Time) Create(int perHour = 10)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero));
        var log = new Capture();
        var options = Microsoft.Extensions.Options.Options.Create(new LookoutOptions { NewIssueAlertsPerHour = perHour });
        return (new NewIssueAlerts(options, time, log), log, time);
    }

    [Fact]
    public void A_thousand_new_problems_in_a_minute_raise_ten_events_and_one_summary_at_the_end_of_the_hour()
    {
        var (alerts, log, time) = Create();
        for (var i = 0; i < 1000; i++)
        {
            alerts.Raise("csp-violation", $"script-src blocked https://h{i}.example", "s", $"{i:x16}", "2026-12-06");
            time.Advance(TimeSpan.FromMilliseconds(60));
        }
        Assert.Equal(10, log.Count("NewIssue"));
        Assert.Equal(0, log.Count("NewIssueSummary"));

        time.Advance(TimeSpan.FromMinutes(58));
        Assert.Equal(0, log.Count("NewIssueSummary"));
        time.Advance(TimeSpan.FromMinutes(1));
        var summary = Assert.Single(log.Lines, l => l.Event == "NewIssueSummary");
        Assert.StartsWith("NewIssue summary: 990 more new issues from 2026-12-06T09:00:00", summary.Message);
        Assert.Contains("h10.example", summary.Message);
        Assert.Equal(10, log.Count("NewIssue"));
    }

    [Fact]
    public void The_next_window_raises_again_and_a_quiet_window_needs_no_summary()
    {
        var (alerts, log, time) = Create(perHour: 2);
        for (var i = 0; i < 2; i++)
            alerts.Raise("crash", $"crash {i}", "", $"{i}", "d");
        time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(0, log.Count("NewIssueSummary"));
        for (var i = 0; i < 3; i++)
            alerts.Raise("crash", $"crash again {i}", "", $"{i}", "d");
        Assert.Equal(4, log.Count("NewIssue"));
        time.Advance(TimeSpan.FromHours(1));
        Assert.Contains("NewIssue summary: 1 more", Assert.Single(log.Lines, l => l.Event == "NewIssueSummary").Message);
    }

    [Fact]
    public void No_limit_raises_every_new_issue()
    {
        var (alerts, log, _) = Create(perHour: 0);
        for (var i = 0; i < 50; i++)
            alerts.Raise("crash", $"crash {i}", "", $"{i}", "d");
        Assert.Equal(50, log.Count("NewIssue"));
    }
}
