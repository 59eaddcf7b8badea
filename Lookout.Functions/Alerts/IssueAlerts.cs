using Azure.Data.Tables;
using Lookout.Core.Alerts;
using Lookout.Core.Triage;
using Lookout.Functions.Ports;
using Lookout.Functions.Storage;
using Lookout.Functions.Triage;
using Microsoft.Extensions.Options;

namespace Lookout.Functions.Alerts;

/// <summary>
/// The write path's alerts, told by <see cref="Normalize.IssueWriter"/> after the first-seen insert: an issue new
/// ever and not noise is alerted (once: exactly one writer inserts its first-seen entity); a resolved issue counted again is a
/// regression (reopened, one alert); an issue ignored until escalating whose day count reaches k× its count when
/// ignored is open again, with one alert; muted issues send nothing. With no targets configured nothing is read or queued.
/// </summary>
public sealed class IssueAlerts(AlertTargets targets, TriageStore triage, AlertPublisher publisher, StorageClients storage,
    IOptions<LookoutOptions> options) : IIssueEvents
{
    private readonly AlertLinks _links = new(options.Value.Alerts.DashboardUrl);
    private readonly EscalationRule _escalation = new(options.Value.Alerts.EscalationFactor);

    public bool Listening => targets.All.Count > 0;

    public async Task OnWrittenAsync(IReadOnlyList<WrittenIssue> issues, CancellationToken cancellationToken)
    {
        if (!Listening)
            return;
        // Issues are independent: a flood of new issues must not hold the group commit for one enqueue after another.
        await Parallel.ForEachAsync(issues, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (issue, ct) => await RaiseAsync(issue, ct));
    }

    private async Task RaiseAsync(WrittenIssue issue, CancellationToken cancellationToken)
    {
        var state = await triage.GetAsync(issue.Key.Type, issue.Key.Fingerprint, cancellationToken);
        if (state is { State: IssueState.Resolved } && issue.LastSeen > state.ChangedAt)
        {
            if (await triage.ReopenAsync(state, cancellationToken))
                await publisher.PublishAsync(Regression(issue, state), cancellationToken);
        }
        else if (state is { State: IssueState.Ignored }
            && await DayCountAsync(issue, cancellationToken) is var dayCount && _escalation.IsEscalating(state.CountWhenIgnored, dayCount))
        {
            if (await triage.ReopenAsync(state, cancellationToken))
                await publisher.PublishAsync(Escalating(issue, state, dayCount), cancellationToken);
        }
        else if (issue.IsNew && issue.Noise.Length == 0 && (state is null || IssueStates.Alerts(state.State)))
        {
            await publisher.PublishAsync(NewIssue(issue), cancellationToken);
        }
    }

    /// <summary>The issue's count on its day, as stored (only for ignored issues: one point read, after the group's counts are in).</summary>
    private async Task<long> DayCountAsync(WrittenIssue issue, CancellationToken cancellationToken)
    {
        // The day's partition and its shards, if the digest is sharded: the count is their sum.
        var filter = DigestPartition.OfDay(issue.Key.Day) + " and " + TableClient.CreateQueryFilter($"RowKey eq {issue.Key.RowKey}");
        long count = 0;
        await foreach (var e in storage.Issues.QueryAsync<TableEntity>(filter, select: [DigestColumns.Count], cancellationToken: cancellationToken))
            count += e.GetInt64(DigestColumns.Count) ?? 0;
        return count;
    }

    /// <summary>New ever, so the key needs no day: one issue, one new-issue alert.</summary>
    private Alert NewIssue(WrittenIssue issue) => Issue(issue, AlertRules.NewIssue,
        AlertKeys.Of(AlertRules.NewIssue, issue.Key.Type, issue.Key.Fingerprint),
        $"First seen {issue.LastSeen.UtcDateTime:yyyy-MM-dd HH:mm} UTC{Where(issue)}.");

    private Alert Regression(WrittenIssue issue, IssueTriage resolved) => Issue(issue, AlertRules.Regression,
        AlertKeys.Of(AlertRules.Regression, issue.Key.Type, issue.Key.Fingerprint, resolved.ChangedAt.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        $"Resolved {resolved.ChangedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC, reported again{Where(issue)}; it is open again.");

    private Alert Escalating(WrittenIssue issue, IssueTriage ignored, long dayCount) => Issue(issue, AlertRules.Escalating,
        AlertKeys.Of(AlertRules.Escalating, issue.Key.Type, issue.Key.Fingerprint, ignored.ChangedAt.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        $"Ignored until escalating at {ignored.CountWhenIgnored} reports a day; {dayCount} on {issue.Key.Day}{Where(issue)}. It is open again.") with
    {
        Count = dayCount, // the day's count is what escalated, not this group's share
    };

    private Alert Issue(WrittenIssue issue, string rule, string key, string detail) =>
        new(rule, key, issue.Title, detail, _links.Issue(issue.Key.Day, issue.Key.Type, issue.Key.Fingerprint),
            issue.Key.Type, issue.Key.Fingerprint, issue.Sites.FirstOrDefault(), issue.Count, Math.Max(1, issue.Pages), issue.LastSeen)
        {
            Sites = issue.Sites,
        };

    private static string Where(WrittenIssue issue) => issue.Sites.Count == 0 ? "" : " on " + string.Join(", ", issue.Sites);
}
