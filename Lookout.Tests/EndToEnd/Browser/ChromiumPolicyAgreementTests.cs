using System.Diagnostics;
using Lookout.Core.Policy;
using Xunit.Abstractions;

namespace Lookout.Tests.Browser;

/// <summary>
/// The CSP evaluator against real Chromium: every matrix case's page runs in one headless browser; a case is
/// blocked when its report arrives. The evaluator must call every case the way Chromium did, and no report
/// Chromium sent may look impossible to it.
/// </summary>
[Trait("Category", "Browser")]
public sealed class ChromiumPolicyAgreementTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(
        double.TryParse(Environment.GetEnvironmentVariable("LOOKOUT_POLICY_MATRIX_SECONDS"), out var s) ? s : 300);

    [Fact]
    public async Task The_evaluator_agrees_with_chromium_on_every_case()
    {
        await using var site = await PolicyMatrixSite.StartAsync();
        var watch = Stopwatch.StartNew();
        await using (var browser = await ChromiumBrowser.LaunchAsync(site.MatrixUrl, "", extraArguments: site.BrowserArguments))
        {
            try
            {
                await site.WaitForBarrierAsync(Timeout);
            }
            catch (TimeoutException e)
            {
                throw new TimeoutException($"The matrix did not finish within {Timeout.TotalSeconds:0} s.\nChromium output:\n{browser.Output}", e);
            }
        }
        output.WriteLine($"{site.Cases.Count} cases in {watch.Elapsed.TotalSeconds:0.0} s ({Environment.Version}, {await ChromiumBrowser.VersionAsync()})");

        var disagreements = new List<string>();
        var blocked = 0;
        foreach (var c in site.Cases)
        {
            var expected = c.Expect(ContentSecurityPolicy.Parse(PolicyMatrixSite.Served(c)), site.PageUrl(c));
            var reports = site.ReportsFor(c.Id);
            var chromiumBlocked = reports.Any(r => r.EffectiveDirective == c.Directive);
            blocked += chromiumBlocked ? 1 : 0;
            if (expected == CspVerdict.Undecidable || (expected == CspVerdict.Blocked) != chromiumBlocked)
                disagreements.Add($"evaluator {expected}, Chromium {(chromiumBlocked ? "blocked" : "allowed")}: {c.Describe}" +
                    string.Concat(reports.Select(r => $"\n    report {r.EffectiveDirective} {r.BlockedUri}")));
        }
        output.WriteLine($"{blocked} blocked, {site.Cases.Count - blocked} allowed, {disagreements.Count} disagreements");
        foreach (var d in disagreements)
            output.WriteLine(d);

        Assert.True(site.Cases.Count >= 200, $"only {site.Cases.Count} cases");
        Assert.InRange(blocked, 50, site.Cases.Count - 50);   // both outcomes are well represented
        Assert.True(disagreements.Count == 0, $"{disagreements.Count} disagreements:\n" + string.Join("\n", disagreements));

        // What the pipeline sees: each report judged by its own fields. None Chromium sent may be "impossible";
        // a blocked redirect target is reported under the URL before the redirect, which the policy allows.
        var judged = site.Cases.SelectMany(c => site.ReportsFor(c.Id).Select(r => (c, r,
            j: ViolationJudge.Judge(ContentSecurityPolicy.Parse(r.OriginalPolicy), r.EffectiveDirective, r.BlockedUri, r.DocumentUri)))).ToList();
        var impossible = judged.Where(x => x.j == ViolationJudgement.Impossible).Select(x => $"{x.c.Describe} → blocked-uri {x.r.BlockedUri}").ToList();
        Assert.True(impossible.Count == 0, "genuine reports judged impossible:\n" + string.Join("\n", impossible));
        Assert.Contains(judged, x => x.c.Family == "redirect" && x.j == ViolationJudgement.AllowedBeforeRedirect);
        Assert.All(judged.Where(x => x.c.Family != "redirect"), x => Assert.NotEqual(ViolationJudgement.AllowedBeforeRedirect, x.j));

        // 'report-sample' is what makes Chromium send the first 40 characters of a blocked inline script.
        foreach (var c in site.Cases.Where(c => c.Family == "inline-script"))
            foreach (var r in site.ReportsFor(c.Id))
                Assert.Equal(c.Policy.Contains("'report-sample'", StringComparison.Ordinal), r.Sample.Length > 0);
    }

    [Fact]
    public void The_matrix_covers_every_source_expression_kind_and_every_fallback()
    {
        var cases = PolicyMatrixCases.Build(8080);
        var kinds = cases.SelectMany(c => ContentSecurityPolicy.Parse(c.Policy).Directives)
            .SelectMany(d => d.Sources?.Expressions ?? []).Select(e => e.Kind).ToHashSet();
        foreach (var kind in Enum.GetValues<SourceKind>().Except([SourceKind.Invalid, SourceKind.OtherKeyword]))
            Assert.Contains(kind, kinds);
        foreach (var directive in new[] { "script-src-elem", "style-src-elem", "img-src", "font-src", "media-src", "frame-src", "object-src", "connect-src", "worker-src", "base-uri" })
        {
            var family = cases.Where(c => c.Family == "fallback:" + directive).ToList();
            foreach (var holder in DirectiveFallback.For(directive)!)
                Assert.Contains(family, c => c.Policy.StartsWith(holder + " http", StringComparison.Ordinal));
        }
        Assert.Contains(cases, c => c.Family == "redirect");
        Assert.True(cases.Select(c => c.Family).Distinct().Count() >= 15);
    }
}
