using Lookout.Core.Sites;

namespace Lookout.Tests.Sites;

public class SamplingTests
{
    [Fact]
    public void The_same_report_of_the_same_envelope_is_always_judged_the_same()
    {
        const string id = "0123456789abcdef0123456789abcdef";
        var first = Enumerable.Range(0, 1000).Select(i => Sampling.Keeps(id, i, 100_000)).ToList();
        var again = Enumerable.Range(0, 1000).Select(i => Sampling.Keeps(id, i, 100_000)).ToList();
        Assert.Equal(first, again);
        // Another envelope picks other reports.
        Assert.NotEqual(first, Enumerable.Range(0, 1000).Select(i => Sampling.Keeps("fedcba9876543210fedcba9876543210", i, 100_000)).ToList());
    }

    [Theory]
    [InlineData(500_000)]
    [InlineData(100_000)]
    [InlineData(10_000)]
    public void The_kept_share_matches_the_envelopes_share(int keepPpm)
    {
        const int reports = 200_000;
        var kept = 0;
        for (var i = 0; i < reports; i++)
            if (Sampling.Keeps($"{i / 1000:D32}", i % 1000, keepPpm))
                kept++;
        var expected = (double)reports * keepPpm / Sampling.AllPpm;
        // Binomial: within 5 standard deviations.
        Assert.InRange(kept, expected - 5 * Math.Sqrt(expected), expected + 5 * Math.Sqrt(expected));
    }

    [Fact]
    public void All_keeps_every_report()
    {
        Assert.All(Enumerable.Range(0, 1000), i => Assert.True(Sampling.Keeps("ab", i, Sampling.AllPpm)));
    }
}
