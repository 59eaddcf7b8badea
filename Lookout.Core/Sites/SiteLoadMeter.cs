namespace Lookout.Core.Sites;

/// <summary>
/// Counts one instance's reports per budgeted site and minute, and turns the load into the share of a delivery's
/// reports that keeps its rows (parts per million, stamped on the envelope so Normalize samples the same way on
/// every retry). The load is the larger of this minute's count so far and the whole previous minute's: in a
/// steady flood the share is budget / load from the minute's first delivery. State is per instance (Ingest
/// scales out), and per policy entry, so the <c>*</c> entry's budget is shared by every site it covers.
/// </summary>
public sealed class SiteLoadMeter
{
    public const int AllPpm = Sampling.AllPpm;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Minutes> _bySite = new(StringComparer.Ordinal);

    /// <summary>Adds a delivery of <paramref name="reports"/> reports and returns the share of them to keep.</summary>
    public int Admit(SitePolicy policy, int reports, DateTimeOffset now)
    {
        if (policy.BudgetPerMinute is not { } budget)
            return AllPpm;
        var minute = now.ToUnixTimeSeconds() / 60;
        long load;
        lock (_gate)
        {
            if (!_bySite.TryGetValue(policy.Site, out var counts))
                _bySite[policy.Site] = counts = new Minutes { Minute = minute };
            if (counts.Minute != minute)
            {
                counts.Previous = counts.Minute == minute - 1 ? counts.Current : 0;
                counts.Current = 0;
                counts.Minute = minute;
            }
            counts.Current += reports;
            load = Math.Max(counts.Current, counts.Previous);
        }
        return KeepPpm(budget, load);
    }

    /// <summary>budget / load in parts per million, at least 1 (a flood still stores a trace), all when within budget.</summary>
    public static int KeepPpm(int budget, long load) =>
        load <= budget ? AllPpm : (int)Math.Max(1, (long)budget * AllPpm / load);

    private sealed class Minutes
    {
        public long Minute;
        public long Current;
        public long Previous;
    }
}
