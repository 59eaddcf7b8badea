using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lookout.Functions.Normalize;

/// <summary>
/// Raises <c>NewIssue</c> once per new problem, at most <see cref="LookoutOptions.NewIssueAlertsPerHour"/> times per
/// window (an hour, from the first event); the window's further new issues are counted and summarised in one
/// <c>NewIssue summary</c> event when it ends, so a bad deploy with 1,000 new problems pages someone 11 times,
/// not 1,000. Per process: N instances raise at most N times the limit.
/// </summary>
public sealed partial class NewIssueAlerts(IOptions<LookoutOptions> options, TimeProvider time, ILogger<NewIssueAlerts> logger) : IDisposable
{
    /// <summary>Titles named in a summary at most (the rest only counted).</summary>
    public const int SummaryTitles = 5;

    private readonly Lock _gate = new();
    private DateTimeOffset _windowStart = DateTimeOffset.MinValue;
    private int _raised;
    private int _suppressed;
    private readonly List<string> _suppressedTitles = [];
    private ITimer? _summaryTimer;

    private TimeSpan Window => TimeSpan.FromSeconds(Math.Max(1, options.Value.NewIssueAlertWindowSeconds));

    public void Raise(string type, string title, string sites, string fingerprint, string day)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (now >= _windowStart + Window)
            {
                FlushSummary();
                _windowStart = now;
                _raised = 0;
            }
            var limit = options.Value.NewIssueAlertsPerHour;
            if (limit > 0 && _raised >= limit)
            {
                if (_suppressed++ == 0)
                    _summaryTimer = time.CreateTimer(_ => { lock (_gate) FlushSummary(); }, null, _windowStart + Window - now, Timeout.InfiniteTimeSpan);
                if (_suppressedTitles.Count < SummaryTitles)
                    _suppressedTitles.Add($"{type}: {title}");
                return;
            }
            _raised++;
        }
        NewIssue(type, title, sites, fingerprint, day);
    }

    /// <summary>Logs the summary of the window's suppressed new issues, if any (under the lock).</summary>
    private void FlushSummary()
    {
        _summaryTimer?.Dispose();
        _summaryTimer = null;
        if (_suppressed == 0)
            return;
        NewIssueSummary(_suppressed, _windowStart, _windowStart + Window, string.Join("; ", _suppressedTitles));
        _suppressed = 0;
        _suppressedTitles.Clear();
    }

    public void Dispose()
    {
        lock (_gate)
            FlushSummary();
    }

    /// <summary>The structured event Application Insights alerts on (infra/main.bicep, newIssueAlertEmail).</summary>
    [LoggerMessage(EventId = 1001, EventName = "NewIssue", Level = LogLevel.Warning,
        Message = "NewIssue {Type}: {Title} (site {Site}, fingerprint {Fingerprint}, day {Day})")]
    private partial void NewIssue(string type, string title, string site, string fingerprint, string day);

    /// <summary>Starts with "NewIssue " too, so the same alert rule fires on it.</summary>
    [LoggerMessage(EventId = 1002, EventName = "NewIssueSummary", Level = LogLevel.Warning,
        Message = "NewIssue summary: {Count} more new issues from {From:O} to {To:O} over the alert limit (e.g. {Titles})")]
    private partial void NewIssueSummary(int count, DateTimeOffset from, DateTimeOffset to, string titles);
}
