namespace Lookout.Functions.Normalize;

/// <summary>Volume control: how many of an issue's reports may still become rows on its day.</summary>
public static class RowCap
{
    /// <param name="cap">Rows per issue per day; 0 or less: no cap.</param>
    /// <param name="rowsBefore">Rows already allowed for the issue on that day.</param>
    /// <param name="count">Reports now being added.</param>
    public static long Allowed(int cap, long rowsBefore, long count) =>
        cap <= 0 ? count : Math.Clamp(cap - rowsBefore, 0, count);

    /// <summary>An issue's cap in one digest shard: the day's cap shared out, so all shards together keep at most the cap.</summary>
    public static int PerShard(int cap, int shards) => cap <= 0 || shards <= 1 ? cap : Math.Max(1, cap / shards);
}
