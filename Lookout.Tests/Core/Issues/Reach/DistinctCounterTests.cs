using FsCheck;
using FsCheck.Fluent;
using Lookout.Core.Issues.Reach;

namespace Lookout.Tests.Issues.Reach;

/// <summary>The HyperLogLog page counter: error bounds, merges in any order, and its serialization.</summary>
public class DistinctCounterTests
{
    private static DistinctCounter Of(IEnumerable<string> values, int precision = IssueReach.PagePrecision)
    {
        var counter = new DistinctCounter(precision);
        foreach (var value in values)
            counter.Add(value);
        return counter;
    }

    private static IEnumerable<string> Pages(int from, int count) => Enumerable.Range(from, count).Select(i => $"https://shop.example/product/{i}");

    [Theory]
    [InlineData(1)]
    [InlineData(40)]
    [InlineData(200)]
    [InlineData(1_000)]
    [InlineData(10_000)]
    [InlineData(100_000)]
    public void Estimates_lie_within_two_percent(int distinct)
    {
        // Every value added three times: repeats never count.
        var counter = Of(Pages(0, distinct).SelectMany(p => new[] { p, p, p }));
        var estimate = counter.Estimate();
        Assert.InRange(estimate, distinct * 0.98, distinct * 1.02);
    }

    [Fact]
    public void Nothing_added_is_zero_and_counts_up_to_the_exact_limit_are_exact()
    {
        Assert.Equal(0, new DistinctCounter(IssueReach.PagePrecision).Estimate());
        for (var n = 1; n <= DistinctCounter.ExactLimit; n++)
            Assert.Equal(n, Of(Pages(0, n).Concat(Pages(0, n))).Estimate());
    }

    [Fact]
    public void Error_stays_within_two_percent_across_many_sets_at_the_stated_rate()
    {
        // 0.81 % standard error: 2 % is ~2.5 standard errors. 50 disjoint sets of 20,000 values each.
        var errors = Enumerable.Range(0, 50).Select(set => Math.Abs(Of(Pages(set * 1_000_000, 20_000)).Estimate() - 20_000) / 20_000.0).ToList();
        Assert.True(errors.Count(e => e > 0.02) <= 2, $"{errors.Count(e => e > 0.02)} of 50 sets beyond 2 %; worst {errors.Max():P2}");
        Assert.InRange(Math.Sqrt(errors.Average(e => e * e)), 0, 0.0125);
    }

    [Fact]
    public void Merges_are_associative_commutative_and_idempotent_and_equal_the_union()
    {
        var gen = Gen.Choose(0, 3_000).Three().Select(t => (t.Item1, t.Item2, t.Item3));
        Prop.ForAll(gen.ToArbitrary(), sizes =>
        {
            var (a, b, c) = (Pages(0, sizes.Item1).ToList(), Pages(sizes.Item1 / 2, sizes.Item2).ToList(), Pages(5_000, sizes.Item3).ToList());
            var left = Of(a); left.Merge(Of(b)); left.Merge(Of(c));
            var bc = Of(c); bc.Merge(Of(b)); var right = Of(a); right.Merge(bc);
            var twice = Of(a); twice.Merge(Of(a));
            var union = Of(a.Concat(b).Concat(c));
            return Bytes(left).SequenceEqual(Bytes(right)) && Bytes(left).SequenceEqual(Bytes(union)) && Bytes(twice).SequenceEqual(Bytes(Of(a)));
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(3_000)]
    [InlineData(200_000)]
    public void Serialization_round_trips_and_stays_small(int distinct)
    {
        var counter = Of(Pages(0, distinct));
        var bytes = Bytes(counter);
        var read = DistinctCounter.Read(new BinaryReader(new MemoryStream(bytes)));
        Assert.Equal(counter.Estimate(), read.Estimate());
        Assert.Equal(bytes, Bytes(read));
        // Exact: 8 bytes a value; registers: 6 bits each (12,288 bytes at precision 14).
        Assert.Equal(2 + (distinct <= DistinctCounter.ExactLimit ? (distinct < 128 ? 1 : 2) + 8 * distinct : 12_288), bytes.Length);
    }

    [Fact]
    public void Counters_of_another_precision_do_not_merge() =>
        Assert.Throws<ArgumentException>(() => new DistinctCounter(14).Merge(new DistinctCounter(12)));

    private static byte[] Bytes(DistinctCounter counter)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
            counter.Write(writer);
        return stream.ToArray();
    }
}
