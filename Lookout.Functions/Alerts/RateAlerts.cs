using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Lookout.Core.Alerts;
using Lookout.Core.Triage;
using Lookout.Functions.Storage;
using Lookout.Functions.Triage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lookout.Functions.Alerts;

/// <summary>
/// Spike and silence, evaluated from the digest alone: today's partition and the 7 days before it (8 partition
/// queries, no report rows). An issue or a site spikes when its last hour (from the digest's hourly counts)
/// reaches <see cref="AlertOptions.SpikeFactor"/> × its hourly rate over the 7 previous days and at least
/// <see cref="AlertOptions.SpikeMinimum"/>; a site that reported on each of those 7 days is silent once nothing
/// came for <see cref="AlertOptions.SilenceHours"/>. A site's counts are those of the issues listing it (an issue
/// seen on two sites counts for both). Each event is raised once: a marker in the alerts table (PartitionKey
/// <c>raised</c>, RowKey the alert key) is written after the alert is queued.
/// </summary>
public sealed class RateAlerts(
    StorageClients storage, AlertTargets targets, AlertPublisher publisher, TriageStore triage,
    IOptions<LookoutOptions> options, TimeProvider time, ILogger<RateAlerts> logger)
{
    private const string RaisedPartition = "raised";
    private static readonly string[] Columns =
        ["RowKey", DigestColumns.Type, DigestColumns.Fingerprint, DigestColumns.Title, DigestColumns.Count, DigestColumns.LastSeen, DigestColumns.Sites, DigestColumns.Hours, DigestColumns.Noise];

    private AlertOptions Settings => options.Value.Alerts;

    /// <summary>Evaluates both rules now; returns the alerts raised.</summary>
    public async Task<IReadOnlyList<Alert>> RunAsync(CancellationToken cancellationToken)
    {
        if (targets.All.Count == 0)
            return [];
        var now = time.GetUtcNow();
        var today = Core.Records.UtcDay.Of(now);
        var days = await Task.WhenAll(Enumerable.Range(0, SilenceRule.Days + 1)
            .Select(back => ReadDayAsync(today.AddDays(-back), cancellationToken)));
        var todays = days[0];
        var previous = days.Skip(1).ToArray(); // yesterday first
        var links = new AlertLinks(Settings.DashboardUrl);
        var candidates = new List<Alert>();
        candidates.AddRange(await IssueSpikesAsync(now, todays, previous, links, cancellationToken));
        candidates.AddRange(await SiteSpikesAsync(now, todays, previous, links, cancellationToken));
        candidates.AddRange(Silences(now, todays, previous, links));

        var raised = new List<Alert>();
        foreach (var alert in candidates)
        {
            if (await WasRaisedAsync(alert.Key, cancellationToken))
                continue;
            await publisher.PublishAsync(alert, cancellationToken);
            await storage.Alerts.UpsertEntityAsync(new TableEntity(RaisedPartition, alert.Key) { ["Rule"] = alert.Rule, ["At"] = now },
                TableUpdateMode.Replace, cancellationToken);
            raised.Add(alert);
        }
        logger.LogInformation("Rate alerts at {Now:O}: {Issues} issues today, {Raised} alerts raised", now, todays.Count, raised.Count);
        return raised;
    }

    private async Task<IEnumerable<Alert>> IssueSpikesAsync(DateTimeOffset now, List<DayIssue> todays, List<DayIssue>[] previous, AlertLinks links, CancellationToken cancellationToken)
    {
        var rule = new SpikeRule(Settings.SpikeFactor, Settings.SpikeMinimum);
        var before = previous.SelectMany(d => d).GroupBy(i => i.RowKey).ToDictionary(g => g.Key, g => g.Sum(i => i.Count));
        var yesterday = previous[0].ToDictionary(i => i.RowKey);
        var alerts = new List<Alert>();
        foreach (var issue in todays.Where(i => string.IsNullOrEmpty(i.Noise)))
        {
            var lastHour = LastHour(issue, yesterday.GetValueOrDefault(issue.RowKey), now);
            var trailing = before.GetValueOrDefault(issue.RowKey);
            if (!rule.IsSpike(lastHour, trailing))
                continue;
            if (await triage.GetAsync(issue.Type, issue.Fingerprint, cancellationToken) is { } state && !IssueStates.Alerts(state.State))
                continue;
            alerts.Add(new Alert(AlertRules.Spike, AlertKeys.Of(AlertRules.Spike, issue.Type, issue.Fingerprint, HourKey(now)), issue.Title,
                $"{lastHour} reports in the last hour, {rule.Baseline(trailing):0.#} an hour over the 7 days before.",
                links.Issue(issue.Day, issue.Type, issue.Fingerprint), issue.Type, issue.Fingerprint, issue.Sites.FirstOrDefault(), lastHour, lastHour, now)
            {
                Sites = issue.Sites,
            });
        }
        return alerts;
    }

    /// <summary>
    /// A site's spike counts the issues that may alert: not noise, not muted or ignored (on every day, so a muted
    /// issue's flood neither raises the site's last hour nor its baseline). Silence counts every report.
    /// </summary>
    private async Task<IEnumerable<Alert>> SiteSpikesAsync(DateTimeOffset now, List<DayIssue> todays, List<DayIssue>[] previous, AlertLinks links, CancellationToken cancellationToken)
    {
        var rule = new SpikeRule(Settings.SpikeFactor, Settings.SpikeMinimum);
        var quiet = (await triage.AllAsync(cancellationToken)).Where(t => !IssueStates.Alerts(t.State))
            .Select(t => (t.Type, t.Fingerprint)).ToHashSet();
        bool Counts(DayIssue issue) => string.IsNullOrEmpty(issue.Noise) && !quiet.Contains((issue.Type, issue.Fingerprint));
        var yesterday = previous[0].ToDictionary(i => i.RowKey);
        var lastHour = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var issue in todays.Where(Counts))
            foreach (var site in issue.Sites)
                lastHour[site] = lastHour.GetValueOrDefault(site) + LastHour(issue, yesterday.GetValueOrDefault(issue.RowKey), now);
        var trailing = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var issue in previous.SelectMany(d => d).Where(Counts))
            foreach (var site in issue.Sites)
                trailing[site] = trailing.GetValueOrDefault(site) + issue.Count;
        var alerts = new List<Alert>();
        foreach (var (site, count) in lastHour.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var before = trailing.GetValueOrDefault(site);
            if (rule.IsSpike(count, before))
                alerts.Add(SiteAlert(AlertRules.Spike, site, AlertKeys.Of(AlertRules.Spike, "site", site, HourKey(now)), $"Reports from {site} spiked",
                    $"{count} reports in the last hour, {rule.Baseline(before):0.#} an hour over the 7 days before.", count, now, links));
        }
        return alerts;
    }

    private IEnumerable<Alert> Silences(DateTimeOffset now, List<DayIssue> todays, List<DayIssue>[] previous, AlertLinks links)
    {
        var rule = new SilenceRule(Settings.SilenceHours);
        var everyDay = previous.Select(d => d.SelectMany(i => i.Sites).ToHashSet(StringComparer.Ordinal))
            .Aggregate((a, b) => { a.IntersectWith(b); return a; });
        foreach (var site in everyDay.Order(StringComparer.Ordinal))
        {
            var lastSeen = todays.Concat(previous[0]).Where(i => i.Sites.Contains(site)).Max(i => i.LastSeen);
            if (rule.IsSilent(true, lastSeen, now))
                yield return SiteAlert(AlertRules.Silence, site, AlertKeys.Of(AlertRules.Silence, site, lastSeen.UtcTicks.ToString(CultureInfo.InvariantCulture)),
                    $"No reports from {site} for {(int)(now - lastSeen).TotalHours} hours",
                    $"{site} reported on each of the last {SilenceRule.Days} days; the last report arrived {lastSeen.UtcDateTime:yyyy-MM-dd HH:mm} UTC. A header dropped in a deploy?",
                    0, now, links);
        }
    }

    private static Alert SiteAlert(string rule, string site, string key, string title, string detail, long count, DateTimeOffset now, AlertLinks links) =>
        new(rule, key, title, detail, links.Site(site), null, null, site, count, count, now);

    private static long LastHour(DayIssue today, DayIssue? yesterday, DateTimeOffset now)
    {
        var hour = now.UtcDateTime.Hour;
        var previousHour = hour > 0 ? today.Hours[hour - 1] : yesterday?.Hours[23] ?? 0;
        return SpikeRule.LastHour(today.Hours[hour], previousHour, now);
    }

    private static string HourKey(DateTimeOffset now) => now.UtcDateTime.ToString("yyyy-MM-dd'T'HH", CultureInfo.InvariantCulture);

    private async Task<bool> WasRaisedAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            return (await storage.Alerts.GetEntityIfExistsAsync<TableEntity>(RaisedPartition, key, ["Rule"], cancellationToken)).HasValue;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            await storage.Alerts.CreateIfNotExistsAsync(cancellationToken);
            return false;
        }
    }

    /// <summary>The day's issues, each once: its shards (<see cref="DigestPartition"/>) summed; count markers left out.</summary>
    private async Task<List<DayIssue>> ReadDayAsync(Core.Records.UtcDay day, CancellationToken cancellationToken)
    {
        var entities = await Read.IssueRange.ReadDayAsync(storage.Issues, day.ToString(), Columns, null, cancellationToken);
        return entities.GroupBy(e => e.RowKey, StringComparer.Ordinal).Select(shards =>
        {
            var e = shards.First();
            var hours = new long[24];
            foreach (var shard in shards)
            {
                var h = HourlyCounts.Parse(shard.GetString(DigestColumns.Hours));
                for (var i = 0; i < Math.Min(h.Length, hours.Length); i++)
                    hours[i] += h[i];
            }
            return new DayIssue(day.ToString(), e.RowKey, e.GetString(DigestColumns.Type) ?? "", e.GetString(DigestColumns.Fingerprint) ?? "",
                e.GetString(DigestColumns.Title) ?? "", shards.Sum(s => s.GetInt64(DigestColumns.Count) ?? 0),
                shards.Max(s => s.GetDateTimeOffset(DigestColumns.LastSeen) ?? DateTimeOffset.MinValue),
                shards.SelectMany(s => (s.GetString(DigestColumns.Sites) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)).Distinct().ToArray(),
                hours, shards.Select(s => s.GetString(DigestColumns.Noise)).FirstOrDefault(n => !string.IsNullOrEmpty(n)));
        }).ToList();
    }

    private sealed record DayIssue(string Day, string RowKey, string Type, string Fingerprint, string Title, long Count, DateTimeOffset LastSeen,
        string[] Sites, long[] Hours, string? Noise);
}
