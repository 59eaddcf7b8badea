using Lookout.Core.Policy;

namespace Lookout.Tests.Policy;

public class PolicyAdviceTests
{
    [Theory]
    [InlineData("img-src", "https://cdn.example/a/b.png?x=1", "https://cdn.example", null)]
    [InlineData("connect-src", "wss://live.example:8443/socket", "wss://live.example:8443", null)]
    [InlineData("img-src", "data", "data:", null)]
    [InlineData("worker-src", "blob:https://shop.example/1f2e", "blob:", null)]
    [InlineData("script-src", "wasm-eval", "'wasm-unsafe-eval'", null)]
    public void A_blocked_value_becomes_an_origin_level_source(string directive, string blocked, string source, string? warning)
    {
        var s = PolicyAdvice.For(directive, blocked)!;
        Assert.Equal((directive, source, warning), (s.Directive, s.Source, s.Warning));
    }

    [Theory]
    [InlineData("script-src-elem", "inline", "nonce")]
    [InlineData("script-src", "eval", "eval")]
    [InlineData("script-src-elem", "data", "data:")]
    public void Inline_and_eval_get_a_warning_instead_of_unsafe_keywords(string directive, string blocked, string mentions)
    {
        var s = PolicyAdvice.For(directive, blocked)!;
        Assert.Contains(mentions, s.Warning);
        Assert.DoesNotContain("'unsafe-inline'", s.Source ?? "");
    }

    [Theory]
    [InlineData("sandbox", "https://x.example/")]
    [InlineData("img-src", "")]
    [InlineData("img-src", "chrome-extension://abc/x.png")]
    public void Nothing_is_suggested_where_no_source_helps(string directive, string blocked) =>
        Assert.Null(PolicyAdvice.For(directive, blocked));

    [Fact]
    public void Suggestions_need_reach_across_pages_and_clients_and_little_noise()
    {
        SuggestionReach Reach(string source, long reports, long noise, int pages, int clients) =>
            new(new Suggestion("img-src", source, null), reports, noise, pages, 1, clients);
        var credible = PolicyAdvice.Credible(
        [
            Reach("https://one-page.example", 50, 0, 1, 9),
            Reach("https://one-client.example", 50, 0, 9, 1),
            Reach("https://noisy.example", 50, 30, 9, 9),
            Reach("https://narrow.example", 3, 0, 2, 2),
            Reach("https://wide.example", 40, 1, 12, 5),
        ]);
        Assert.Equal(["https://wide.example", "https://narrow.example"], credible.Select(c => c.Suggestion.Source));
    }

    [Fact]
    public void Applying_adds_to_the_named_directive_or_splits_it_from_its_fallback()
    {
        const string policy = "default-src 'self'; img-src 'none'; report-uri /csp";
        var text = PolicyAdvice.Apply(policy,
        [
            new Suggestion("img-src", "https://cdn.example", null),
            new Suggestion("img-src", "data:", null),
            new Suggestion("script-src-elem", "https://tracker.example", null),
            new Suggestion("script-src-elem", null, "use a nonce"),
        ]);
        Assert.Equal("default-src 'self'; img-src https://cdn.example data:; report-uri /csp; script-src-elem 'self' https://tracker.example", text);
        var applied = ContentSecurityPolicy.Parse(text);
        Assert.Equal(CspVerdict.Allowed, applied.Check("script-src-elem", "https://tracker.example/t.js", "https://shop.example/"));
        Assert.Equal(CspVerdict.Allowed, applied.Check("script-src-elem", "https://shop.example/app.js", "https://shop.example/"));
        Assert.Equal(CspVerdict.Blocked, applied.Check("script-src-elem", "https://evil.example/x.js", "https://shop.example/"));
    }

    [Fact]
    public void Ready_to_enforce_after_seven_seen_days_without_real_violations()
    {
        var quiet = Enumerable.Repeat((true, 0L), 7).ToList();
        Assert.True(PolicyAdvice.ReadyToEnforce(quiet));
        Assert.False(PolicyAdvice.ReadyToEnforce(quiet.Take(6).ToList()));
        Assert.False(PolicyAdvice.ReadyToEnforce([.. quiet.Take(6), (false, 0L)]));   // a day without traffic proves nothing
        Assert.False(PolicyAdvice.ReadyToEnforce([(true, 1L), .. quiet.Take(6)]));
        Assert.True(PolicyAdvice.ReadyToEnforce([.. quiet, (true, 40L)]));            // older violations are past
    }
}
