using Lookout.Core.Policy;

namespace Lookout.Tests.Policy;

/// <summary>CSP3 §6.7 matching, mostly the spec's own examples.</summary>
public class PolicyCheckTests
{
    private const string Page = "https://example.com/page";

    private static CspVerdict Check(string policy, string directive, string blocked, string? document = Page, int redirects = 0, bool? parserInserted = null) =>
        ContentSecurityPolicy.Parse(policy).Check(directive, blocked, document, redirects, parserInserted);

    // §2.3.1: "example.com" with no scheme takes the page's scheme (and its secure upgrade).
    [Theory]
    [InlineData("https://example.com/a.js", "http://page.example/", CspVerdict.Allowed)]
    [InlineData("http://example.com/a.js", "http://page.example/", CspVerdict.Allowed)]
    [InlineData("http://example.com/a.js", "https://page.example/", CspVerdict.Blocked)]
    [InlineData("https://example.com:8443/a.js", "https://page.example/", CspVerdict.Blocked)]
    [InlineData("https://www.example.com/a.js", "https://page.example/", CspVerdict.Blocked)]
    public void A_host_source_without_scheme_follows_the_page(string url, string page, CspVerdict expected) =>
        Assert.Equal(expected, Check("script-src example.com", "script-src-elem", url, page));

    // §2.3.1: "*.example.com" matches subdomains, not the domain itself.
    [Theory]
    [InlineData("https://foo.example.com/x", CspVerdict.Allowed)]
    [InlineData("https://a.b.example.com/x", CspVerdict.Allowed)]
    [InlineData("https://example.com/x", CspVerdict.Blocked)]
    [InlineData("https://fooexample.com/x", CspVerdict.Blocked)]
    public void Wildcard_hosts_match_subdomains_only(string url, CspVerdict expected) =>
        Assert.Equal(expected, Check("img-src *.example.com", "img-src", url));

    // §6.7.2.10 path-part match: a trailing slash matches a directory, otherwise the path must be exact.
    [Theory]
    [InlineData("https://example.com/scripts/a.js", "example.com/scripts/", CspVerdict.Allowed)]
    [InlineData("https://example.com/scripts", "example.com/scripts/", CspVerdict.Blocked)]
    [InlineData("https://example.com/scripts/a.js", "example.com/scripts/a.js", CspVerdict.Allowed)]
    [InlineData("https://example.com/scripts/a.js?v=1", "example.com/scripts/a.js", CspVerdict.Allowed)]
    [InlineData("https://example.com/scripts/a.jsx", "example.com/scripts/a.js", CspVerdict.Blocked)]
    [InlineData("https://example.com/scripts/a%2Ejs", "example.com/scripts/a.js", CspVerdict.Allowed)]
    [InlineData("https://example.com/other/a.js", "example.com/scripts/", CspVerdict.Blocked)]
    public void Paths_match_as_directories_or_exactly(string url, string source, CspVerdict expected) =>
        Assert.Equal(expected, Check("script-src " + source, "script-src-elem", url));

    // §7.6 "Paths and redirects": after a redirect only the origin counts.
    [Fact]
    public void After_a_redirect_the_path_is_ignored()
    {
        const string policy = "img-src example.com not-example.com/path";
        Assert.Equal(CspVerdict.Blocked, Check(policy, "img-src", "https://not-example.com/not-path"));
        Assert.Equal(CspVerdict.Allowed, Check(policy, "img-src", "https://not-example.com/not-path", redirects: 1));
    }

    // §6.7.2.7 'self' and §6.7.2.9 scheme-part match: secure upgrades, ws/wss.
    [Theory]
    [InlineData("http://example.com/", "https://example.com/x", CspVerdict.Allowed)]
    [InlineData("http://example.com/", "http://example.com/x", CspVerdict.Allowed)]
    [InlineData("http://example.com/", "ws://example.com/x", CspVerdict.Allowed)]
    [InlineData("https://example.com/", "wss://example.com/x", CspVerdict.Allowed)]
    [InlineData("https://example.com/", "http://example.com/x", CspVerdict.Blocked)]
    [InlineData("https://example.com/", "ws://example.com/x", CspVerdict.Blocked)]
    [InlineData("https://example.com/", "https://example.com:444/x", CspVerdict.Blocked)]
    [InlineData("https://example.com/", "https://sub.example.com/x", CspVerdict.Blocked)]
    public void Self_is_the_page_origin_with_secure_upgrades(string page, string url, CspVerdict expected) =>
        Assert.Equal(expected, Check("connect-src 'self'", "connect-src", url, page));

    [Theory]
    [InlineData("http:", "https://a.example/", CspVerdict.Allowed)]
    [InlineData("https:", "http://a.example/", CspVerdict.Blocked)]
    [InlineData("ws:", "wss://a.example/", CspVerdict.Allowed)]
    [InlineData("https:", "wss://a.example/", CspVerdict.Blocked)]   // the spec's ws ↔ http(s) equivalences do not hold in Chromium
    [InlineData("wss:", "https://a.example/", CspVerdict.Blocked)]
    [InlineData("ws:", "http://a.example/", CspVerdict.Blocked)]
    [InlineData("data:", "data", CspVerdict.Allowed)]
    [InlineData("data:", "data:image/png;base64,AAAA", CspVerdict.Allowed)]
    [InlineData("blob:", "blob:https://example.com/0e1c", CspVerdict.Allowed)]
    [InlineData("https:", "data", CspVerdict.Blocked)]
    [InlineData("*", "data", CspVerdict.Blocked)]       // '*' never matches data:, blob:, filesystem:
    [InlineData("*", "blob", CspVerdict.Blocked)]
    [InlineData("*", "http://a.example:1234/", CspVerdict.Allowed)]
    [InlineData("*", "wss://a.example/", CspVerdict.Allowed)]
    public void Schemes_and_star(string source, string url, CspVerdict expected) =>
        Assert.Equal(expected, Check("img-src " + source, "img-src", url));

    [Theory]
    [InlineData("example.com:443", "https://example.com/", CspVerdict.Allowed)]
    [InlineData("example.com:*", "https://example.com:9/", CspVerdict.Allowed)]
    [InlineData("example.com:8080", "https://example.com/", CspVerdict.Blocked)]
    [InlineData("http://example.com:80", "https://example.com/", CspVerdict.Allowed)]   // port upgrade with the scheme
    [InlineData("http://example.com:8080", "https://example.com:8080/", CspVerdict.Blocked)]   // a scheme upgrade needs a port upgrade
    [InlineData("http://example.com:*", "https://example.com:8080/", CspVerdict.Allowed)]
    [InlineData("https://example.com:80", "https://example.com/", CspVerdict.Blocked)]
    public void Ports(string source, string url, CspVerdict expected) =>
        Assert.Equal(expected, Check("img-src " + source, "img-src", url));

    [Fact]
    public void None_and_empty_lists_block_and_none_with_others_is_ignored()
    {
        Assert.Equal(CspVerdict.Blocked, Check("img-src 'none'", "img-src", "https://example.com/x"));
        Assert.Equal(CspVerdict.Blocked, Check("img-src", "img-src", "https://example.com/x"));
        Assert.Equal(CspVerdict.Allowed, Check("img-src 'none' example.com", "img-src", "https://example.com/x"));
    }

    [Fact]
    public void The_governing_directive_decides_and_no_governing_directive_allows()
    {
        const string policy = "default-src 'none'; script-src https://cdn.example; child-src 'self'";
        Assert.Equal(CspVerdict.Allowed, Check(policy, "script-src-elem", "https://cdn.example/a.js"));
        Assert.Equal(CspVerdict.Blocked, Check(policy, "img-src", "https://cdn.example/a.png"));
        Assert.Equal(CspVerdict.Allowed, Check(policy, "worker-src", "https://example.com/w.js"));   // worker-src → child-src
        Assert.Equal(CspVerdict.Allowed, Check(policy, "base-uri", "https://elsewhere.example/"));  // no fallback
        Assert.Equal(CspVerdict.Allowed, Check("img-src 'none'", "script-src-elem", "https://x.example/a.js"));
        Assert.Equal(CspVerdict.Blocked, Check("script-src 'self'", "worker-src", "https://x.example/w.js"));
    }

    // §6.7.3.2: nonces and hashes switch 'unsafe-inline' off; 'strict-dynamic' too, for scripts.
    [Theory]
    [InlineData("script-src 'unsafe-inline'", "script-src-elem", CspVerdict.Allowed)]
    [InlineData("script-src 'unsafe-inline' 'nonce-abc'", "script-src-elem", CspVerdict.Blocked)]
    [InlineData("script-src 'unsafe-inline' 'sha256-abc='", "script-src-attr", CspVerdict.Blocked)]
    [InlineData("script-src 'unsafe-inline' 'strict-dynamic'", "script-src-elem", CspVerdict.Blocked)]
    [InlineData("style-src 'unsafe-inline' 'strict-dynamic'", "style-src-elem", CspVerdict.Allowed)]
    [InlineData("default-src 'unsafe-inline'", "style-src-attr", CspVerdict.Allowed)]
    [InlineData("script-src 'self'", "script-src-elem", CspVerdict.Blocked)]
    public void Inline(string policy, string directive, CspVerdict expected) =>
        Assert.Equal(expected, Check(policy, directive, "inline"));

    [Theory]
    [InlineData("script-src 'unsafe-eval'", "eval", CspVerdict.Allowed)]
    [InlineData("script-src 'wasm-unsafe-eval'", "eval", CspVerdict.Blocked)]
    [InlineData("script-src 'wasm-unsafe-eval'", "wasm-eval", CspVerdict.Allowed)]
    [InlineData("default-src 'unsafe-eval'", "wasm-eval", CspVerdict.Allowed)]
    [InlineData("script-src 'self'", "wasm-eval", CspVerdict.Blocked)]
    public void Eval(string policy, string blocked, CspVerdict expected) =>
        Assert.Equal(expected, Check(policy, "script-src", blocked));

    [Fact]
    public void Strict_dynamic_ignores_host_sources_and_needs_the_parser_state()
    {
        const string policy = "script-src 'nonce-abc' 'strict-dynamic' https://cdn.example";
        Assert.Equal(CspVerdict.Undecidable, Check(policy, "script-src-elem", "https://cdn.example/a.js"));
        Assert.Equal(CspVerdict.Blocked, Check(policy, "script-src-elem", "https://cdn.example/a.js", parserInserted: true));
        Assert.Equal(CspVerdict.Allowed, Check(policy, "script-src-elem", "https://other.example/a.js", parserInserted: false));
        Assert.Equal(CspVerdict.Allowed, Check(policy, "img-src", "https://other.example/a.png"));
    }

    [Theory]
    [InlineData("trusted-types-sink", "require-trusted-types-for")]
    [InlineData("https://x.example/", "sandbox")]
    [InlineData("not a url", "img-src")]
    [InlineData("https://x.example/", "")]
    public void What_cannot_be_judged_is_undecidable(string blocked, string directive) =>
        Assert.Equal(CspVerdict.Undecidable, Check("default-src 'none'; img-src 'self'", directive, blocked));

    [Fact]
    public void A_legacy_violated_directive_with_its_value_is_read_by_its_name() =>
        Assert.Equal(CspVerdict.Allowed, Check("img-src https://cdn.example", "img-src https://cdn.example", "https://cdn.example/a.png"));

    [Fact]
    public void Ip_hosts_match_literally() =>
        Assert.Equal(CspVerdict.Allowed, Check("img-src 127.0.0.1:8080", "img-src", "http://127.0.0.1:8080/a.png", "http://127.0.0.1:8080/"));
}

/// <summary>Judging a report by the policy it carries.</summary>
public class ViolationJudgeTests
{
    private static ViolationJudgement Judge(string policy, string directive, string blocked) =>
        ViolationJudge.Judge(ContentSecurityPolicy.Parse(policy), directive, blocked, "https://site.example/p");

    [Theory]
    [InlineData("script-src 'unsafe-inline'", "script-src-elem", "inline", ViolationJudgement.Impossible)]
    [InlineData("script-src 'self'", "script-src-elem", "inline", ViolationJudgement.Plausible)]
    [InlineData("script-src 'unsafe-eval'", "script-src", "eval", ViolationJudgement.Impossible)]
    [InlineData("img-src data:", "img-src", "data", ViolationJudgement.Impossible)]
    [InlineData("img-src 'self'", "img-src", "https://cdn.example/a.png", ViolationJudgement.Plausible)]
    [InlineData("img-src https://cdn.example", "img-src", "https://cdn.example/a.png", ViolationJudgement.AllowedBeforeRedirect)]
    [InlineData("img-src *", "img-src", "https://cdn.example/a.png", ViolationJudgement.Impossible)]
    [InlineData("img-src http:", "img-src", "https://cdn.example/a.png", ViolationJudgement.Impossible)]
    [InlineData("img-src 'none'", "script-src-elem", "https://cdn.example/a.js", ViolationJudgement.Impossible)]
    [InlineData("base-uri 'self'", "base-uri", "https://site.example/x/", ViolationJudgement.Impossible)]
    [InlineData("script-src 'nonce-a' 'strict-dynamic'", "script-src-elem", "https://cdn.example/a.js", ViolationJudgement.Undecidable)]
    [InlineData("require-trusted-types-for 'script'", "require-trusted-types-for", "trusted-types-sink", ViolationJudgement.Undecidable)]
    [InlineData("img-src 'self'", "", "https://cdn.example/a.png", ViolationJudgement.Undecidable)]
    public void Reports_are_judged_by_their_own_policy(string policy, string directive, string blocked, ViolationJudgement expected) =>
        Assert.Equal(expected, Judge(policy, directive, blocked));
}
