using Lookout.Core.Policy;

namespace Lookout.Tests.Policy;

/// <summary>Per-policy counts of a CSP issue as the digest keeps them: exact, bounded, round-tripping.</summary>
public class PolicyTalliesTests
{
    private static string Id(int n) => n.ToString("x16");

    [Fact]
    public void Counts_add_up_per_policy_and_policies_beyond_the_cap_go_to_overflow_without_losing_a_report()
    {
        var tallies = new PolicyTallies();
        for (var n = 0; n < PolicyTallies.MaxPolicies + 4; n++)
            tallies.Add(Id(n), 3, 1, reportOnly: n % 2 == 0);
        tallies.Add(Id(0), 2, 2, reportOnly: true);
        Assert.Equal(PolicyTallies.MaxPolicies, tallies.Counts.Count);
        Assert.Equal(new PolicyCount(5, 3, true), tallies.Counts[Id(0)]);
        Assert.Equal(12, tallies.Overflow);
        Assert.Equal(5 + 3 * (PolicyTallies.MaxPolicies + 3), tallies.Counts.Values.Sum(c => c.Reports) + tallies.Overflow);
    }

    [Fact]
    public void Format_and_parse_round_trip_and_merging_adds_exactly()
    {
        var stored = new PolicyTallies();
        stored.Add(Id(1), 10, 4, reportOnly: true);
        stored.Add(Id(2), 1, 0, reportOnly: false);
        var read = PolicyTallies.Parse(stored.Format(), overflow: 7);
        Assert.Equal(stored.Counts, read.Counts);
        Assert.Equal(7, read.Overflow);

        var added = new PolicyTallies();
        added.Add(Id(1), 2, 1, reportOnly: true);
        added.Add(Id(3), 5, 5, reportOnly: true);
        read.Merge(added);
        Assert.Equal($"{Id(1)}:12:5:r,{Id(2)}:1:0:e,{Id(3)}:5:5:r", read.Format());
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("0123456789abcdef:1:2")]
    [InlineData("0123456789ABCDEF:1:0:r")]
    [InlineData("0123456789abcdef:-1:0:r,<script>:1:1:r")]
    [InlineData("0123456789abcdef:1:0:x")]
    public void Text_that_is_not_a_tally_reads_as_none(string text) => Assert.Empty(PolicyTallies.Parse(text).Counts);
}
