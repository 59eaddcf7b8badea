using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Lookout.Core.Policy;

namespace Lookout.Tests.Policy;

/// <summary>Malformed, huge and random policies never throw, in parsing or in checking.</summary>
public class PolicyFuzzTests
{
    private static readonly string[] Pieces =
    [
        "default-src", "script-src", "script-src-elem", "img-src", "worker-src", "child-src", "style-src-attr", "bogus-dir",
        "'self'", "'none'", "'unsafe-inline'", "'unsafe-eval'", "'nonce-", "'sha256-", "'strict-dynamic'", "*", "*.", "https:",
        "http://", "example.com", ":*", ":443", ":99999", "/path/", "'", "\"", ";", ",", " ", "\t", "\u00e9", "\0", "%2F", "..", "//",
        "[::1]", "data:", "blob:", "ws:", "report-uri", "=",
    ];

    private static readonly string[] Directives = ["script-src-elem", "img-src", "worker-src", "style-src-attr", "base-uri", "x", ""];
    private static readonly string[] Blocked =
        ["inline", "eval", "wasm-eval", "data", "https://example.com/a", "http://[::1]:80/x", "ws://a", "blob:x", "", "'", "https://", "::"];

    private static bool NeverThrows(string policy)
    {
        var parsed = ContentSecurityPolicy.Parse(policy);
        foreach (var directive in Directives)
            foreach (var blocked in Blocked)
            {
                parsed.Check(directive, blocked, "https://example.com/p");
                parsed.Check(directive, blocked, "garbage", redirectCount: 1);
            }
        return true;
    }

    [Fact]
    public void Random_directive_soup_never_throws()
    {
        var soup = Gen.ListOf(Gen.Elements(Pieces)).Select(parts => string.Concat(parts));
        Prop.ForAll(soup.ToArbitrary(), NeverThrows).Check(Config.QuickThrowOnFailure.WithMaxTest(1000));
    }

    [Fact]
    public void Random_strings_never_throw() =>
        Prop.ForAll(ArbMap.Default.ArbFor<string>(), s => NeverThrows(s ?? "")).QuickCheckThrowOnFailure();

    [Fact]
    public void A_100_kb_policy_with_unbalanced_quotes_parses_and_checks()
    {
        var text = new StringBuilder();
        var random = new Random(24);
        while (text.Length < 100 * 1024)
            text.Append(Pieces[random.Next(Pieces.Length)]).Append(random.Next(3) == 0 ? "'" : " ");
        Assert.True(NeverThrows(text.ToString()));
        var big = "script-src " + string.Join(' ', Enumerable.Range(0, 8000).Select(i => $"h{i}.example")) + "; img-src 'self";
        var policy = ContentSecurityPolicy.Parse(big);
        Assert.Equal(CspVerdict.Allowed, policy.Check("script-src-elem", "https://h7999.example/a.js", "https://p.example/"));
        Assert.Equal(CspVerdict.Blocked, policy.Check("img-src", "https://p.example/a.png", "https://p.example/"));  // "'self" is not 'self'
    }
}
