using Lookout.Core.Envelopes;
using Lookout.Core.Records;
using Lookout.Core.Triage;
using Lookout.Tests.Formats;

namespace Lookout.Tests.Triage;

public class NoiseRulesTests
{
    [Fact]
    public void Good_rules_parse_into_names_actions_and_conditions()
    {
        var rules = NoiseRules.Parse("""
            ads: drop when blocked-host ~ *.doubleclick.net
            fonts: flag when directive = font-src and blocked = data; cdn: flag when source-file ^= https://cdn.partner.example/
            tagged: drop when site = legacy-shop and sample *= "var x = 1;"
            """);
        Assert.Equal(["ads", "fonts", "cdn", "tagged"], rules.Select(r => r.Name));
        Assert.Equal([NoiseAction.Drop, NoiseAction.Flag, NoiseAction.Flag, NoiseAction.Drop], rules.Select(r => r.Action));
        Assert.Equal(["directive = font-src", "blocked = data"], rules[1].Conditions.Select(c => c.ToString()));
        Assert.Equal("sample *= var x = 1;", rules[3].Conditions[1].ToString());
        Assert.Equal("user-rule:fonts", rules[1].Reason);
        Assert.Empty(NoiseRules.Parse(""));
        Assert.Empty(NoiseRules.Parse(" ;\n "));
    }

    [Theory]
    [InlineData("ads drop when blocked-host ~ x", "rule 1 (\"ads drop when blocked-host ~ x\"): expected '<name>: flag|drop when")]
    [InlineData("a: flag when directive = x; b: hide when site = y", "rule 2 (\"b\"): expected 'flag when …' or 'drop when …'")]
    [InlineData("ads: drop when blockd-host ~ *.x.net", "rule 1 (\"ads\"): unknown field 'blockd-host'; fields are type, site")]
    [InlineData("ads: drop when blocked-host == x", "rule 1 (\"ads\"): unknown operator '=='")]
    [InlineData("ads: drop when blocked-host=x", "rule 1 (\"ads\"): expected '<field> <op> <value>'")]
    [InlineData("ads: drop when site = a or site = b", "rule 1 (\"ads\"): expected 'and <field> <op> <value>' instead of 'or site = b'")]
    [InlineData("ads: drop when site = a and", "rule 1 (\"ads\"): expected 'and <field> <op> <value>'")]
    [InlineData("ads: drop when sample *= \"open", "rule 1 (\"ads\"): a double quote is not closed")]
    [InlineData("a: flag when site = x; A: drop when site = y", "rule 2 (\"A\"): the name is used by an earlier rule")]
    [InlineData("bad name: flag when site = x", "rule 1 (\"bad name\"): expected '<name>")]
    public void Bad_rules_fail_with_a_message_naming_the_rule(string text, string message)
    {
        var e = Assert.Throws<NoiseRuleException>(() => NoiseRules.Parse(text));
        Assert.StartsWith("Lookout__NoiseRules: " + message, e.Message, StringComparison.Ordinal);
    }

    private static readonly Envelope Envelope = new()
    {
        Id = "0123456789abcdef0123456789abcdef",
        ReceivedAt = new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero),
        ContentType = "application/csp-report",
        Site = "shop",
    };

    private static ReportRecord Build(string rules, string blocked, string directive = "script-src-elem", bool dropNoise = false) =>
        ReportRecordBuilder.Build(Envelope, 0, FormatTestKit.Single(
            $$$"""{"csp-report":{"document-uri":"https://shop.example/","blocked-uri":"{{{blocked}}}","effective-directive":"{{{directive}}}"}}""", "application/csp-report"),
            triage: new TriagePolicy(ScrubMode.Secrets, NoiseRules.Parse(rules), dropNoise));

    [Theory]
    [InlineData("https://ad.doubleclick.net/x.js", "script-src-elem", "user-rule:ads", true)]
    [InlineData("https://doubleclick.net/x.js", "script-src-elem", "", false)]          // the glob needs a subdomain
    [InlineData("data", "font-src", "user-rule:fonts", false)]
    [InlineData("data", "img-src", "", false)]                                          // both conditions must hold
    [InlineData("chrome-extension", "script-src-elem", "user-rule:shop-ext", false)]    // user rules win over built-ins
    [InlineData("https://cdn.example/app.js", "script-src-elem", "", false)]
    public void Rules_flag_or_drop_what_they_match(string blocked, string directive, string noise, bool drop)
    {
        const string rules = "ads: drop when blocked-host ~ *.doubleclick.net; fonts: flag when directive = FONT-SRC and blocked = data; shop-ext: flag when site = shop and blocked ^= chrome-";
        var record = Build(rules, blocked, directive);
        Assert.Equal(noise, record["Noise"]!.Value.AsString);
        Assert.Equal(drop, record.Drop);
    }

    [Fact]
    public void Drop_noise_drops_every_flagged_report_and_nothing_else()
    {
        Assert.True(Build("", "moz-extension", dropNoise: true).Drop);
        Assert.True(Build("fonts: flag when blocked = data", "data", dropNoise: true).Drop);
        Assert.False(Build("", "https://cdn.example/app.js", dropNoise: true).Drop);
        Assert.False(Build("", "moz-extension", dropNoise: false).Drop);
    }
}
