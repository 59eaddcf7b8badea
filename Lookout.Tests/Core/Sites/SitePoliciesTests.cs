using Lookout.Core.Sites;

namespace Lookout.Tests.Sites;

public class SitePoliciesTests
{
    [Fact]
    public void Entries_give_each_site_its_hosts_and_budget_and_star_covers_the_rest()
    {
        var policies = SitePolicies.Parse("""
            shop: hosts=shop.example,*.shop.example budget=600
            blog: budget=60; *: hosts=example.org
            """);
        var shop = policies.For("shop");
        Assert.True(shop.AllowsHost("shop.example"));
        Assert.True(shop.AllowsHost("CDN.Shop.Example"));
        Assert.False(shop.AllowsHost("evilshop.example"));
        Assert.False(shop.AllowsHost(null));
        Assert.Equal(600, shop.BudgetPerMinute);

        var blog = policies.For("blog");
        Assert.True(blog.AllowsHost("anything.example"));
        Assert.Equal(60, blog.BudgetPerMinute);

        Assert.Same(policies.For(null), policies.For("unnamed"));
        Assert.Equal("*", policies.For(null).Site);
        Assert.True(policies.For(null).AllowsHost("example.org"));
        Assert.False(policies.For(null).AllowsHost("h1.x"));
        Assert.Null(policies.For(null).BudgetPerMinute);
    }

    [Fact]
    public void No_setting_is_open_to_every_host_without_a_budget()
    {
        foreach (var text in new[] { null, "", " ;\n " })
        {
            var policy = SitePolicies.Parse(text).For("shop");
            Assert.True(policy.AllowsHost("h1.x"));
            Assert.True(policy.AllowsHost(null));
            Assert.Null(policy.BudgetPerMinute);
        }
    }

    [Theory]
    [InlineData("shop hosts=a.example", "entry 1 (\"shop hosts=a.example\"): expected '<site>: hosts=")]
    [InlineData("sh/op: hosts=a.example", "entry 1 (\"sh/op\"): expected '<site>: hosts=")]
    [InlineData("shop: budget=60; blog: hosts=https://blog.example/", "entry 2 (\"blog\"): 'https://blog.example/' is not a host name or '*.domain'")]
    [InlineData("shop: hosts=a.example,,b.example", "entry 1 (\"shop\"): '' is not a host name")]
    [InlineData("shop: budget=0", "entry 1 (\"shop\"): budget '0' is not a whole number of reports per minute")]
    [InlineData("shop: budget=1e3", "budget '1e3' is not a whole number")]
    [InlineData("shop: budget=5 budget=6", "entry 1 (\"shop\"): 'budget' is given twice")]
    [InlineData("shop: hosts=a.example limit=5", "entry 1 (\"shop\"): unknown part 'limit=5'; parts are hosts=… and budget=…")]
    [InlineData("shop:", "entry 1 (\"shop\"): the entry sets neither hosts=… nor budget=…")]
    [InlineData("shop: budget=5; shop: budget=6", "entry 2 (\"shop\"): the site has an earlier entry")]
    public void Mistakes_name_the_entry_and_the_problem(string text, string expected)
    {
        var e = Assert.Throws<SitePolicyException>(() => SitePolicies.Parse(text));
        Assert.StartsWith("Lookout__Sites: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }
}
