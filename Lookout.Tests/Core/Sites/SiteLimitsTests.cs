using System.Text;
using Lookout.Core.Deliveries;
using Lookout.Core.Envelopes;
using Lookout.Core.Formats;
using Lookout.Core.Records;
using Lookout.Core.Reports;
using Lookout.Core.Sites;

namespace Lookout.Tests.Sites;

public class SiteLimitsTests
{
    private static readonly Envelope Envelope = new()
    {
        Id = "00000000000000000000000000000abc",
        ReceivedAt = new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero),
        ContentType = "application/reports+json",
        Site = "shop",
    };

    private static string Csp(string host, string blocked = "https://cdn.example/a.js") =>
        $$$"""{"type":"csp-violation","age":1,"url":"https://{{{host}}}/p","body":{"documentURL":"https://{{{host}}}/p","blockedURL":"{{{blocked}}}","effectiveDirective":"script-src-elem","disposition":"enforce"}}""";

    private static List<ReportRecord> Records(Envelope envelope, params string[] reports)
    {
        ContentTypes.TryResolve(envelope.ContentType, out var format);
        var parsed = DeliveryParser.Parse(Encoding.UTF8.GetBytes("[" + string.Join(",", reports) + "]"), format);
        Assert.True(parsed.IsSuccess);
        return parsed.Reports.Select((report, i) => ReportRecordBuilder.Build(envelope, i, report)).ToList();
    }

    private static (string Type, string Fingerprint, string Noise) Issue(ReportRecord r) =>
        (r["Type"]!.Value.AsString, r["Fingerprint"]!.Value.AsString, r["Noise"]!.Value.AsString);

    [Fact]
    public void Reports_about_hosts_outside_the_allow_list_fold_into_one_flagged_issue_per_type_and_store_no_row()
    {
        var policy = SitePolicies.Parse("shop: hosts=shop.example,*.shop.example").For("shop");
        var records = Records(Envelope, Csp("shop.example"), Csp("h1.x"), Csp("www.shop.example"), Csp("h2.x", "https://other.example/b.js"),
            """{"type":"a","url":"https://h3.x","body":{}}""", """{"type":"b","url":"https://h4.x","body":{}}""");
        var limited = SiteLimits.Apply(Envelope, records, policy, maxIssues: 0);

        Assert.Equal([false, true, false, true, true, true], limited.Select(r => r.Drop));
        Assert.Same(records[0], limited[0]);
        var foreign = limited.Where(r => r.Drop).Select(Issue).ToList();
        Assert.All(foreign, f => Assert.Equal(SiteLimits.ForeignHost, f.Noise));
        // Both CSP reports (different problems) share one issue; made-up types share the unknown one.
        Assert.Equal(2, foreign.Distinct().Count());
        Assert.Equal(["csp-violation", "csp-violation", "unknown", "unknown"], foreign.Select(f => f.Type));
        Assert.Equal("Reports about hosts outside the site's allow-list", limited[1]["Title"]!.Value.AsString);
        Assert.StartsWith("unknown_", limited[4].PartitionKey, StringComparison.Ordinal);
        Assert.Equal(records[4].RowKey, limited[4].RowKey);
        Assert.Equal("https://h3.x", limited[4]["Url"]!.Value.AsString);
    }

    /// <summary>Issue 29's flood, <c>[{"type":"a","url":"https://hN.x"}×1000]</c>, with an empty body so that every report
    /// is a distinct issue of a made-up type (without one, all are one <c>unknown</c> issue that the row cap bounds).</summary>
    public static string[] Flood(int reports = 1000) =>
        Enumerable.Range(0, reports).Select(n => $"{{\"type\":\"a\",\"url\":\"https://h{n}.x\",\"body\":{{}}}}").ToArray();

    [Fact]
    public void The_flood_becomes_the_cap_of_issues_plus_one_that_counts_the_rest()
    {
        var records = Records(Envelope, Flood());
        Assert.Equal(1000, records.Select(r => r["Fingerprint"]!.Value.AsString).Distinct().Count());

        var limited = SiteLimits.Apply(Envelope, records, SitePolicy.Open, maxIssues: 50);
        Assert.Equal(51, limited.Select(Issue).Distinct().Count());
        Assert.Equal(50, limited.Count(r => !r.Drop));
        var overflow = limited.Where(r => r.Drop).ToList();
        Assert.Equal(950, overflow.Count);
        Assert.All(overflow, r => Assert.Equal((ReportTypes.Unknown, SiteLimits.OverIssueCap), (r["Type"]!.Value.AsString, r["Noise"]!.Value.AsString)));
        Assert.Equal("Reports beyond the first 50 issues of one delivery", overflow[0]["Title"]!.Value.AsString);
    }

    [Fact]
    public void Without_bodies_the_flood_is_one_unknown_issue_and_an_allow_list_folds_it_all()
    {
        var records = Records(Envelope, Flood().Select(r => r.Replace(",\"body\":{}", "", StringComparison.Ordinal)).ToArray());
        Assert.Single(records.Select(Issue).Distinct());
        var limited = SiteLimits.Apply(Envelope, records, SitePolicies.Parse("shop: hosts=shop.example").For("shop"), maxIssues: 50);
        Assert.All(limited, r => Assert.Equal(SiteLimits.ForeignHost, r["Noise"]!.Value.AsString));
    }

    [Fact]
    public void Reports_of_issues_already_seen_in_the_delivery_are_not_over_the_cap()
    {
        var records = Records(Envelope, Csp("a.example", "https://one.example/x.js"), Csp("a.example", "https://two.example/x.js"),
            Csp("a.example", "https://one.example/x.js"), Csp("a.example", "https://three.example/x.js"));
        var limited = SiteLimits.Apply(Envelope, records, SitePolicy.Open, maxIssues: 2);
        Assert.Equal([false, false, false, true], limited.Select(r => r.Drop));
    }

    [Fact]
    public void A_sampled_envelope_keeps_the_same_reports_on_every_run_and_marks_the_rest_sampled()
    {
        var sampled = Envelope with { KeepPpm = 250_000, FirstIndex = 0 };
        var reports = Enumerable.Range(0, 100).Select(n => Csp("shop.example", $"https://cdn{n % 5}.example/a.js")).ToArray();
        var first = SiteLimits.Apply(sampled, Records(sampled, reports), SitePolicy.Open, maxIssues: 50);
        var again = SiteLimits.Apply(sampled, Records(sampled, reports), SitePolicy.Open, maxIssues: 50);

        Assert.Equal(first.Select(r => r.Sampled), again.Select(r => r.Sampled));
        Assert.All(first, r => Assert.Equal(r.Sampled, r.Drop));
        Assert.InRange(first.Count(r => !r.Sampled), 10, 45);
        // Sampled reports stay in their own issue: their fingerprint is untouched.
        Assert.Equal(5, first.Select(r => r["Fingerprint"]!.Value.AsString).Distinct().Count());
        // The envelope's index decides, so a split delivery's second part samples its own reports.
        Assert.Equal(Sampling.Keeps(sampled.Id, 7, 250_000), !first[7].Sampled);
    }

    [Fact]
    public void Unsampled_envelopes_and_dropped_noise_are_never_marked_sampled()
    {
        var records = Records(Envelope, Csp("shop.example"), Csp("shop.example", "chrome-extension://abc/x.js"));
        Assert.All(SiteLimits.Apply(Envelope, records, SitePolicy.Open, maxIssues: 50), r => Assert.False(r.Sampled));
        var dropped = records.Select(r => r with { Drop = true }).ToList();
        Assert.All(SiteLimits.Apply(Envelope with { KeepPpm = 1 }, dropped, SitePolicy.Open, maxIssues: 50), r => Assert.False(r.Sampled));
    }
}
