using Lookout.Functions.Normalize;

namespace Lookout.Functions.Ports;

/// <summary>
/// What the write path tells the rest of the app once a group's counts are stored: every issue it counted,
/// and which of them are new ever (the issue-level first-seen entity this write inserted). Webhook alerts
/// (new issue, regression, escalation) hang off it; they are queued, so the write path never waits for a webhook.
/// </summary>
public interface IIssueEvents
{
    /// <summary>False when nothing would be done (no webhook target): the write path then builds no event at all.</summary>
    bool Listening { get; }

    Task OnWrittenAsync(IReadOnlyList<WrittenIssue> issues, CancellationToken cancellationToken);
}

/// <param name="Count">Reports of the issue in this group.</param>
/// <param name="Pages">Distinct pages of the issue in this group (its reach; target filters compare with it).</param>
/// <param name="Noise">The issue's noise flag (empty: clean): a noise issue is new to nobody who can act on it.</param>
/// <param name="IsNew">First seen ever: this write inserted its issue-level entity (<see cref="IDigestStore.RecordFirstSeenAsync"/>).</param>
public sealed record WrittenIssue(IssueKey Key, string Title, IReadOnlyList<string> Sites, long Count, long Pages, DateTimeOffset LastSeen, string Noise, bool IsNew);
