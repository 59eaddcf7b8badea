namespace Lookout.Core.Alerts;

/// <summary>What an alert is about (docs/alerts.md documents each rule and its payload).</summary>
public static class AlertRules
{
    /// <summary>An issue seen for the first time ever (after grouping: its issue-level first-seen entity was just inserted).</summary>
    public const string NewIssue = "new-issue";

    /// <summary>A resolved issue reported again.</summary>
    public const string Regression = "regression";

    /// <summary>An issue ignored until escalating reached k× its count when it was ignored.</summary>
    public const string Escalating = "escalating";

    /// <summary>An issue's or a site's last-hour rate reached k× its trailing 7-day hourly rate.</summary>
    public const string Spike = "spike";

    /// <summary>A site that reported on each of the last 7 days sent nothing for N hours.</summary>
    public const string Silence = "silence";

    /// <summary>The alerts a target's throttle held back in one window, in one message.</summary>
    public const string Summary = "summary";

    public static readonly IReadOnlyList<string> All = [NewIssue, Regression, Escalating, Spike, Silence, Summary];
}

/// <summary>
/// One alert, the same for every target (each target gets it in its own format). <see cref="Key"/> is the
/// idempotency key: the same event always has the same key, so a receiver can drop a redelivery.
/// </summary>
/// <param name="Rule">One of <see cref="AlertRules"/>.</param>
/// <param name="Key">Idempotency key (<see cref="AlertKeys"/>).</param>
/// <param name="Title">One line for people.</param>
/// <param name="Detail">What happened, in a sentence.</param>
/// <param name="Link">The dashboard page of the issue or site.</param>
/// <param name="Type">The issue's report type; null for a site alert.</param>
/// <param name="Fingerprint">The issue's fingerprint; null for a site alert.</param>
/// <param name="Site">The site tag of a site alert, else the first site of the issue (may be null).</param>
/// <param name="Count">Reports behind the alert (the issue's count that day, the hour's count of a spike, held-back alerts of a summary).</param>
/// <param name="Reach">How widely it is seen (distinct pages when the digest knows them, else the report count); filters compare with it.</param>
/// <param name="At">When the rule fired.</param>
public sealed record Alert(
    string Rule, string Key, string Title, string Detail, string Link,
    string? Type, string? Fingerprint, string? Site, long Count, long Reach, DateTimeOffset At)
{
    /// <summary>The sites of the issue (site filters match any of them).</summary>
    public IReadOnlyList<string> Sites { get; init; } = Site is null ? [] : [Site];
}
