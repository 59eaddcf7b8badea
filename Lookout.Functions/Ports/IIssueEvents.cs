using Lookout.Functions.Normalize;

namespace Lookout.Functions.Ports;

/// <summary>
/// What the write path tells the rest of the app once a group's counts are stored: every issue it counted,
/// and which of them are new. Alerts (new issue, regression) hang off it; the write path does not wait for webhooks.
/// </summary>
public interface IIssueEvents
{
    Task OnWrittenAsync(IReadOnlyList<WrittenIssue> issues, CancellationToken cancellationToken);
}

/// <param name="Count">Reports of the issue in this group.</param>
/// <param name="DayCount">The issue's count for its day after this group.</param>
/// <param name="IsNew">Announced as <c>NewIssue</c>: created today and not seen on the days before.</param>
public sealed record WrittenIssue(IssueKey Key, string Title, IReadOnlyList<string> Sites, long Count, long DayCount, DateTimeOffset LastSeen, bool IsNew);
