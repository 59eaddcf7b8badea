using Lookout.Core.Envelopes;
using Lookout.Core.Policy;
using Lookout.Core.Records;
using Lookout.Tests.Formats;

namespace Lookout.Tests.Policy;

/// <summary>A CSP report its own policy allows is flagged <c>Noise=impossible</c>; policy identity ignores nonces.</summary>
public class ImpossibleReportTests
{
    private static readonly Envelope Envelope = new()
    {
        Id = "0123456789abcdef0123456789abcdef",
        ReceivedAt = new DateTimeOffset(2026, 12, 6, 10, 0, 0, TimeSpan.Zero),
        ContentType = "application/csp-report",
    };

    private static string NoiseOf(string policy, string directive, string blocked, string document = "https://shop.example/p") =>
        ReportRecordBuilder.Build(Envelope, 0, FormatTestKit.Single(System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["csp-report"] = new Dictionary<string, string>
            {
                ["document-uri"] = document, ["blocked-uri"] = blocked, ["effective-directive"] = directive,
                ["violated-directive"] = directive, ["original-policy"] = policy,
            },
        }), "application/csp-report"))["Noise"]!.Value.AsString;

    [Theory]
    [InlineData("script-src 'self' 'unsafe-inline'", "script-src-elem", "inline", "impossible")]
    [InlineData("script-src 'self' 'nonce-r4nd0m' 'unsafe-inline'", "script-src-elem", "inline", "")]
    [InlineData("default-src 'self'; img-src * data:", "img-src", "data", "impossible")]
    [InlineData("default-src 'self'; img-src *", "img-src", "https://cdn.example/x.png", "impossible")]
    [InlineData("default-src 'self'", "img-src", "https://shop.example/x.png", "")]         // may have redirected
    [InlineData("default-src 'self'", "img-src", "https://cdn.example/x.png", "")]
    [InlineData("img-src 'self'", "script-src-elem", "https://cdn.example/x.js", "impossible")] // nothing governs scripts
    [InlineData("default-src 'self'", "script-src-elem", "chrome-extension://abc/x.js", "browser-extension")]
    public void Reports_their_policy_allows_are_impossible(string policy, string directive, string blocked, string noise) =>
        Assert.Equal(noise, NoiseOf(policy, directive, blocked));

    [Theory]
    [InlineData("")]
    [InlineData("...")]                          // anonymised by the collector that published it
    [InlineData("report-uri /csp; upgrade-insecure-requests")]
    public void A_report_without_a_usable_policy_is_not_judged(string policy) =>
        Assert.Equal("", NoiseOf(policy, "script-src-elem", "inline"));

    [Fact]
    public void Policy_identity_ignores_nonces_spacing_and_directive_case()
    {
        var a = PolicyText.Normalize("Script-Src 'self' 'nonce-abc123';  img-src  *  ; ");
        var b = PolicyText.Normalize("script-src 'self' 'nonce-ZZZ'; img-src *");
        Assert.Equal("script-src 'self' 'nonce-*'; img-src *", a);
        Assert.Equal(PolicyText.Id(a), PolicyText.Id(b));
        Assert.Matches("^[0-9a-f]{16}$", PolicyText.Id(a));
        Assert.NotEqual(PolicyText.Id(a), PolicyText.Id(PolicyText.Normalize("script-src 'self'; img-src *")));
    }

    [Fact]
    public void The_cache_returns_one_parse_per_normalized_policy()
    {
        var first = PolicyCache.Get("script-src 'nonce-one' 'strict-dynamic'");
        Assert.Same(first, PolicyCache.Get("script-src 'nonce-two' 'strict-dynamic'"));
        Assert.Same(PolicyCache.Get("img-src 'self'"), PolicyCache.Get("img-src 'self'"));
    }
}
