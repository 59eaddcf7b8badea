using Azure.Data.Tables;
using Lookout.Core.Formats.Kinds;
using Lookout.Core.Issues.Reach;
using Lookout.Core.Policy;
using Lookout.Functions.Storage;

namespace Lookout.Functions.Read;

/// <summary>
/// The policies of a day range, from the per-policy counts of the CSP issues' digest entities (one query per
/// day for its partition and shards, like <see cref="IssueRange"/>; never a row scan). The readiness window (the
/// <see cref="PolicyAdvice.ReadyAfterDays"/> days ending on <c>to</c>) is read even when the range is shorter.
/// </summary>
internal static class PolicyRange
{
    private const int Parallelism = 8;

    private static readonly string[] Columns =
    [
        "PartitionKey", "RowKey", DigestColumns.Type, DigestColumns.Fingerprint, DigestColumns.Title, DigestColumns.Policies,
        DigestColumns.PolicyOverflow, CspViolation.EffectiveDirective.Column, SharedFields.BlockedUrl.Column,
    ];

    /// <summary>One CSP issue entity of one day (<see cref="Day"/>: index from the first day read) with its policy counts.</summary>
    public sealed record IssueDay(int Day, TableEntity Entity, PolicyTallies Policies);

    /// <summary>One policy over the days read: per day its reports and noise, and whether any issue saw it report-only or enforced.</summary>
    public sealed class Seen(string id, int days)
    {
        public string Id { get; } = id;
        public long[] Reports { get; } = new long[days];
        public long[] Noise { get; } = new long[days];
        public bool ReportOnly, Enforced;
    }

    public sealed record Days(DateOnly First, DateOnly From, DateOnly To, List<IssueDay> Issues)
    {
        /// <summary>Index of <see cref="From"/> among the days read.</summary>
        public int FromIndex => From.DayNumber - First.DayNumber;
        public int Count => To.DayNumber - First.DayNumber + 1;
    }

    public static async Task<Days> ReadAsync(TableClient table, DateOnly from, DateOnly to, bool withReach, CancellationToken cancel)
    {
        var first = DateOnly.FromDayNumber(Math.Min(from.DayNumber, Math.Max(ReadParameters.FirstDay.DayNumber, to.DayNumber - (PolicyAdvice.ReadyAfterDays - 1))));
        var count = to.DayNumber - first.DayNumber + 1;
        var select = withReach ? [.. Columns, DigestColumns.Reach] : Columns;
        var perDay = new List<TableEntity>[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancel }, async (i, ct) =>
        {
            perDay[i] = await IssueRange.ReadDayAsync(table, ReadParameters.Format(first.AddDays(i)), select,
                e => !string.IsNullOrEmpty(e.GetString(DigestColumns.Policies)) || e.GetInt64(DigestColumns.PolicyOverflow) > 0, ct);
        });
        var issues = new List<IssueDay>();
        for (var i = 0; i < count; i++)
            foreach (var e in perDay[i])
                issues.Add(new IssueDay(i, e, PolicyTallies.Parse(e.GetString(DigestColumns.Policies), e.GetInt64(DigestColumns.PolicyOverflow) ?? 0)));
        return new Days(first, from, to, issues);
    }

    /// <summary>Every policy of the days read, by id.</summary>
    public static Dictionary<string, Seen> Policies(Days days)
    {
        var seen = new Dictionary<string, Seen>(StringComparer.Ordinal);
        foreach (var issue in days.Issues)
            foreach (var (id, count) in issue.Policies.Counts)
            {
                if (!seen.TryGetValue(id, out var policy))
                    seen[id] = policy = new Seen(id, days.Count);
                policy.Reports[issue.Day] += count.Reports;
                policy.Noise[issue.Day] += count.Noise;
                if (count.ReportOnly)
                    policy.ReportOnly = true;
                else
                    policy.Enforced = true;
            }
        return seen;
    }

    /// <summary>The policy's line: totals over the range (not the extra readiness days) and its verdict.</summary>
    public static PolicyItem Item(Seen policy, Days days)
    {
        var inRange = Enumerable.Range(days.FromIndex, days.Count - days.FromIndex).Where(d => policy.Reports[d] > 0).ToList();
        return new PolicyItem(policy.Id, policy.ReportOnly && policy.Enforced ? "both" : policy.ReportOnly ? "report" : policy.Enforced ? "enforce" : "unseen",
            inRange.Count == 0 ? null : Day(days, inRange[0]), inRange.Count == 0 ? null : Day(days, inRange[^1]),
            inRange.Sum(d => policy.Reports[d]), inRange.Sum(d => policy.Noise[d]), Verdict(policy, days));
    }

    /// <summary>Ready to enforce (<see cref="PolicyAdvice.ReadyToEnforce"/>) with the reason, in words.</summary>
    public static PolicyVerdict Verdict(Seen policy, Days days)
    {
        if (!policy.ReportOnly && !policy.Enforced)
            return new PolicyVerdict(false, "no report carried it in the range");
        if (policy.Enforced)
            return new PolicyVerdict(false, policy.ReportOnly ? "enforced on some pages already" : "enforced already");
        var window = PolicyAdvice.ReadyAfterDays;
        var daily = Enumerable.Range(0, window).Select(back => days.Count - 1 - back)
            .Select(d => (Seen: policy.Reports[d] > 0, Violations: policy.Reports[d] - policy.Noise[d])).ToList();
        if (PolicyAdvice.ReadyToEnforce(daily, window))
            return new PolicyVerdict(true, $"only noise on each of the {window} days to {Day(days, days.Count - 1)}");
        for (var back = 0; back < window; back++)
            if (daily[back].Violations > 0)
                return new PolicyVerdict(false, $"{daily[back].Violations} violation(s) that are not noise on {Day(days, days.Count - 1 - back)}");
        var quiet = Enumerable.Range(0, window).First(back => !daily[back].Seen);
        return new PolicyVerdict(false, $"no report on {Day(days, days.Count - 1 - quiet)}: readiness needs reports (noise) on each of the " +
            $"{window} days to {Day(days, days.Count - 1)}, so the quiet is measured, not assumed");
    }

    /// <summary>What would allow each thing the policy blocked in the range, with its reach and the issues behind it.</summary>
    public static List<(SuggestionReach Reach, bool Credible, List<IssueRef> Issues)> Suggestions(string id, Days days)
    {
        var byIssue = new Dictionary<string, (TableEntity Latest, long Reports, long Noise, IssueReach Reach)>(StringComparer.Ordinal);
        foreach (var issue in days.Issues.Where(i => i.Day >= days.FromIndex))
        {
            if (!issue.Policies.Counts.TryGetValue(id, out var count))
                continue;
            var reach = IssueReach.FromBytes(issue.Entity.GetBinary(DigestColumns.Reach) ?? []) ?? new IssueReach();
            if (byIssue.TryGetValue(issue.Entity.RowKey, out var known))
            {
                known.Reach.Merge(reach);
                byIssue[issue.Entity.RowKey] = (issue.Entity, known.Reports + count.Reports, known.Noise + count.Noise, known.Reach);
            }
            else
                byIssue[issue.Entity.RowKey] = (issue.Entity, count.Reports, count.Noise, reach);
        }
        var groups = byIssue.Values
            .Select(i => (Issue: i, Suggestion: PolicyAdvice.For(i.Latest.GetString(CspViolation.EffectiveDirective.Column), i.Latest.GetString(SharedFields.BlockedUrl.Column))))
            .Where(i => i.Suggestion is not null)
            .GroupBy(i => i.Suggestion!);
        var suggestions = new List<(SuggestionReach, bool, List<IssueRef>)>();
        foreach (var group in groups)
        {
            var reach = new IssueReach();
            foreach (var (issue, _) in group)
                reach.Merge(issue.Reach);
            // Pages, sites and clients come from the issues' sketches, which span every policy the issue was seen
            // under; this policy's reports are exact and each has one page, site and client, so they bound its reach.
            // A policy forged into one report cannot borrow a genuine issue's reach to look credible.
            var reports = group.Sum(i => i.Issue.Reports);
            var total = new SuggestionReach(group.Key, reports, group.Sum(i => i.Issue.Noise),
                Bounded(reach.Pages, reports), Bounded(reach.Sites, reports), Bounded(reach.Clients, reports));
            var issues = group.OrderByDescending(i => i.Issue.Reports).Select(i => new IssueRef(i.Issue.Latest.GetString(DigestColumns.Type) ?? "",
                i.Issue.Latest.GetString(DigestColumns.Fingerprint) ?? "", i.Issue.Latest.GetString(DigestColumns.Title) ?? "", i.Issue.Reports)).ToList();
            suggestions.Add((total, PolicyAdvice.Credible([total]).Count == 1, issues));
        }
        return suggestions.OrderByDescending(s => s.Item2).ThenByDescending(s => s.Item1.Pages).ThenByDescending(s => s.Item1.Reports)
            .ThenBy(s => s.Item1.Suggestion.Directive, StringComparer.Ordinal).ThenBy(s => s.Item1.Suggestion.Source, StringComparer.Ordinal).ToList();
    }

    private static int Bounded(long estimate, long reports) => (int)Math.Min(estimate, reports);

    private static string Day(Days days, int index) => ReadParameters.Format(days.First.AddDays(index));
}
