using FsCheck;
using FsCheck.Fluent;
using Lookout.Core.Issues.Reach;

namespace Lookout.Tests.Issues.Reach;

/// <summary>The Space-Saving top-pages list: exact below its capacity, bounded beyond, whatever the order of merges.</summary>
public class TopCounterTests
{
    private static TopCounter Of(IEnumerable<string> items, int capacity = 10)
    {
        var counter = new TopCounter(capacity);
        foreach (var item in items)
            counter.Add(item);
        return counter;
    }

    [Fact]
    public void Below_capacity_counts_are_exact_and_merges_associative()
    {
        var gen = Gen.Choose(0, 5).ListOf().Select(l => l.Select(i => $"/p{i}").ToList()).Three();
        Prop.ForAll(gen.ToArbitrary(), streams =>
        {
            var (a, b, c) = streams;
            var left = Of(a); left.Merge(Of(b)); left.Merge(Of(c));
            var bc = Of(b); bc.Merge(Of(c)); var right = Of(a); right.Merge(bc);
            var truth = a.Concat(b).Concat(c).GroupBy(p => p).ToDictionary(g => g.Key, g => (long)g.Count());
            return left.Top(10).SequenceEqual(right.Top(10))
                && left.Top(10).All(e => e.Error == 0 && truth[e.Item] == e.Count)
                && left.Top(10).Count == truth.Count;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Beyond_capacity_every_count_bounds_the_truth_and_heavy_items_are_listed_whatever_the_merge_order()
    {
        // A skewed stream: page i seen about 1000/(i+1) times among 300 pages, cut into parts merged in random trees.
        var gen = Gen.Choose(1, 40).SelectMany(parts => Gen.Choose(0, int.MaxValue).Select(seed => (parts, seed)));
        Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var random = new Random(input.seed);
            var stream = Enumerable.Range(0, 300).SelectMany(i => Enumerable.Repeat($"/p{i}", 1000 / (i + 1))).OrderBy(_ => random.Next()).ToList();
            var truth = stream.GroupBy(p => p).ToDictionary(g => g.Key, g => (long)g.Count());
            var parts = stream.Chunk(Math.Max(1, stream.Count / input.parts)).Select(p => Of(p)).ToList();
            while (parts.Count > 1)
            {
                var i = random.Next(parts.Count - 1);
                parts[i].Merge(parts[i + 1]);
                parts.RemoveAt(i + 1);
            }
            var merged = parts[0];
            var bound = stream.Count / 10;
            Assert.Equal(stream.Count, merged.Total);
            Assert.All(merged.Top(10), e => Assert.InRange(truth[e.Item], e.Count - e.Error, e.Count));
            Assert.All(truth.Where(t => t.Value > bound), t => Assert.Contains(merged.Top(10), e => e.Item == t.Key));
            Assert.Equal("/p0", merged.Top(1)[0].Item);
            return true;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Serialization_round_trips()
    {
        var counter = Of(Enumerable.Range(0, 50).SelectMany(i => Enumerable.Repeat($"https://a.example/{i}", i % 7 + 1)));
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            counter.Write(writer);
        stream.Position = 0;
        var read = TopCounter.Read(new BinaryReader(stream));
        Assert.Equal(counter.Top(10), read.Top(10));
        Assert.Equal(counter.Total, read.Total);
    }
}
