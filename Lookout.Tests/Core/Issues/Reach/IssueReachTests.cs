using Lookout.Core.Issues.Reach;

namespace Lookout.Tests.Issues.Reach;

/// <summary>An issue's reach as kept in the digest: pages, sites, top pages, browsers; merged and serialized.</summary>
public class IssueReachTests
{
    private const string Chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";
    private const string Firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";

    [Fact]
    public void Pages_are_origin_and_path_sites_are_origins_and_queries_do_not_count()
    {
        var reach = new IssueReach();
        for (var i = 0; i < 200; i++)
            reach.Add($"https://shop.example/product/{i}?session={i * 7}#top", i % 4 == 0 ? Firefox : Chrome);
        reach.Add("https://shop.example/product/0?other", Chrome);
        reach.Add("https://blog.example/", Chrome);
        Assert.InRange(reach.Pages, 197, 205);
        Assert.Equal(2, reach.Sites);
        Assert.Equal([new TopEntry("Chrome 156", 152, 0), new TopEntry("Firefox 133", 50, 0)], reach.Browsers);
        Assert.Equal(IssueReach.TopPagesShown, reach.TopPages.Count);
    }

    [Fact]
    public void Top_pages_name_the_most_reported_pages_first()
    {
        var reach = new IssueReach();
        foreach (var (page, times) in new[] { ("/checkout", 50), ("/cart", 30), ("/", 20) })
            for (var i = 0; i < times; i++)
                reach.Add("https://shop.example" + page, Chrome);
        for (var i = 0; i < 100; i++)
            reach.Add($"https://shop.example/rare/{i}", Chrome);
        Assert.Equal(["https://shop.example/checkout", "https://shop.example/cart", "https://shop.example/"], reach.TopPages.Take(3).Select(e => e.Item));
    }

    [Fact]
    public void The_serialized_reach_of_a_huge_issue_stays_far_below_the_64_KiB_property_limit_and_round_trips()
    {
        var reach = new IssueReach();
        for (var i = 0; i < 300_000; i++)
            reach.Add($"https://site{i % 5_000}.example/{new string('p', 150)}/{i}", i % 3 == 0 ? Firefox : Chrome);
        var bytes = reach.ToBytes();
        Assert.InRange(bytes.Length, 12_288, 24 * 1024);
        var read = IssueReach.FromBytes(bytes)!;
        Assert.Equal(reach.Pages, read.Pages);
        Assert.Equal(reach.Sites, read.Sites);
        Assert.Equal(reach.TopPages, read.TopPages);
        Assert.Equal(reach.Browsers, read.Browsers);
        Assert.Equal(bytes, read.ToBytes());
    }

    [Fact]
    public void Clients_are_distinct_user_agents_and_a_reach_written_before_them_reads_with_none()
    {
        var reach = new IssueReach();
        foreach (var agent in new[] { Chrome, Firefox, Chrome, null })
            reach.Add("https://shop.example/", agent);
        Assert.Equal(3, reach.Clients);
        Assert.Equal(3, IssueReach.FromBytes(reach.ToBytes())!.Clients);

        // Version 1 was version 2 without the client counter at its end.
        var bytes = reach.ToBytes();
        var clients = new MemoryStream();
        using (var writer = new BinaryWriter(clients))
            reach.ClientCounter.Write(writer);
        var v1 = bytes[..^clients.ToArray().Length];
        v1[0] = 1;
        var old = IssueReach.FromBytes(v1)!;
        Assert.Equal((reach.Pages, reach.Sites, 0L), (old.Pages, old.Sites, old.Clients));
    }

    [Fact]
    public void A_small_issue_is_a_few_hundred_bytes()
    {
        var reach = new IssueReach();
        for (var i = 0; i < 40; i++)
            reach.Add($"https://blog.example/post/{i}", Chrome);
        Assert.InRange(reach.ToBytes().Length, 100, 2_000);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 9, 1, 2 })]
    [InlineData(new byte[] { 1, 14, 0, 200 })]
    [InlineData(new byte[] { 1, 14 })]
    public void Bytes_that_are_no_reach_read_as_none(byte[] bytes) => Assert.Null(IssueReach.FromBytes(bytes));

    [Fact]
    public void Merging_the_reach_of_parts_equals_the_reach_of_the_whole()
    {
        var whole = new IssueReach();
        var parts = Enumerable.Range(0, 5).Select(_ => new IssueReach()).ToList();
        for (var i = 0; i < 5_000; i++)
        {
            var url = $"https://shop.example/p/{i % 1_500}";
            whole.Add(url, Chrome);
            parts[i % 5].Add(url, Chrome);
        }
        var merged = new IssueReach();
        foreach (var part in parts)
            merged.Merge(part);
        Assert.Equal(whole.Pages, merged.Pages);
        Assert.Equal(whole.Sites, merged.Sites);
        Assert.Equal(whole.Browsers, merged.Browsers);
        Assert.Equal(5_000, merged.TopPageCounter.Total);
    }
}
