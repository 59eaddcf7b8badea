using System.Buffers;
using System.Net;
using System.Text;
using System.Text.Json;
using Lookout.Core.Envelopes;
using Lookout.Core.Policy;
using Lookout.Tests.Pipeline.Harness;

namespace Lookout.Tests.Read;

/// <summary>Policy advice through the pipeline on Azurite: per-policy counts in the digest, suggestions and the ready-to-enforce verdict on the read API.</summary>
public class PolicyReadTests(ReadPipeline pipeline) : PolicyReadSuite(pipeline), IClassFixture<ReadPipeline>;

/// <summary>The same on a digest day split into 4 shards: a policy's counts are summed over the shards exactly.</summary>
public class ShardedPolicyReadTests(ShardedPipeline pipeline) : PolicyReadSuite(pipeline), IClassFixture<ShardedPipeline>;

public abstract class PolicyReadSuite(ReadPipeline pipeline)
{
    private static string Run() => Guid.NewGuid().ToString("N")[..8];

    /// <summary>A report-only CSP report of <paramref name="policy"/> on <paramref name="page"/>, sent by <paramref name="agent"/>.</summary>
    private static string Report(string run, string policy, string page, string blocked, string agent) =>
        $$$"""{"type":"csp-violation","age":1,"url":"https://{{{run}}}.site.example/{{{page}}}","user_agent":"{{{agent}}}","body":{"documentURL":"https://{{{run}}}.site.example/{{{page}}}","blockedURL":"{{{blocked}}}","effectiveDirective":"script-src-elem","disposition":"report","originalPolicy":"{{{policy}}}"}}""";

    private static string IdOf(string policy) => PolicyText.Id(PolicyText.Normalize(policy));

    private static JsonElement PolicyIn(JsonElement page, string id) =>
        page.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetString() == id);

    [Fact]
    public async Task Three_blocked_hosts_on_a_report_only_policy_give_three_suggestions_with_counts_pages_and_issues()
    {
        var run = Run();
        var site = LookoutPipeline.NewSite();
        var policy = $"default-src 'self'; script-src 'self' https://cdn-{run}.example 'nonce-NONCE'; report-to main";
        // Host a on 3 pages, b on 3, c on 2; two browsers each; nonces differ per response.
        var reports = new List<string>();
        foreach (var (host, pages, repeat) in new[] { ("a", 3, 2), ("b", 3, 1), ("c", 2, 1) })
            for (var p = 0; p < pages; p++)
                for (var r = 0; r < repeat; r++)
                    foreach (var agent in new[] { "Chrome/142", "Firefox/140" })
                        reports.Add(Report(run, policy.Replace("NONCE", $"n{p}{r}{agent[0]}"), $"p{p}", $"https://{host}-{run}.example/lib.js", agent));
        await pipeline.PostReportsAsync(reports, site, perDelivery: 7);
        await pipeline.WaitForDigestAsync(site, reports.Count);

        var id = IdOf(policy);
        var listed = PolicyIn(await pipeline.OkAsync($"read/policies?from={ReadPipeline.Today}&to={ReadPipeline.Today}"), id);
        Assert.Equal("report", listed.GetProperty("disposition").GetString());
        Assert.Equal(reports.Count, listed.GetProperty("reports").GetInt64());
        Assert.Equal(0, listed.GetProperty("noise").GetInt64());
        Assert.Equal(ReadPipeline.Today, listed.GetProperty("lastSeen").GetString());

        var detail = await pipeline.OkAsync($"read/policy?id={id}&from={ReadPipeline.Today}&to={ReadPipeline.Today}");
        Assert.Equal(PolicyText.Normalize(policy), detail.GetProperty("text").GetString());
        var suggestions = detail.GetProperty("suggestions").EnumerateArray().ToList();
        Assert.Equal([$"https://a-{run}.example", $"https://b-{run}.example", $"https://c-{run}.example"],
            suggestions.Select(s => s.GetProperty("source").GetString()));
        Assert.Equal([12L, 6L, 4L], suggestions.Select(s => s.GetProperty("reports").GetInt64()));
        Assert.Equal([3, 3, 2], suggestions.Select(s => s.GetProperty("pages").GetInt32()));
        Assert.All(suggestions, s =>
        {
            Assert.Equal("script-src-elem", s.GetProperty("directive").GetString());
            Assert.Equal(2, s.GetProperty("clients").GetInt32());
            Assert.True(s.GetProperty("credible").GetBoolean());
            var issue = Assert.Single(s.GetProperty("issues").EnumerateArray());
            Assert.Equal("csp-violation", issue.GetProperty("type").GetString());
            Assert.False(string.IsNullOrEmpty(issue.GetProperty("fingerprint").GetString()));
        });
        Assert.Equal($"default-src 'self'; script-src 'self' https://cdn-{run}.example 'nonce-*'; report-to main; script-src-elem 'self' " +
            $"https://cdn-{run}.example 'nonce-*' https://a-{run}.example https://b-{run}.example https://c-{run}.example",
            detail.GetProperty("suggested").GetString());
        Assert.False(detail.GetProperty("policy").GetProperty("ready").GetProperty("ready").GetBoolean());
    }

    [Fact]
    public async Task A_policy_forged_into_one_report_does_not_borrow_the_issues_reach_to_look_credible()
    {
        var run = Run();
        var site = LookoutPipeline.NewSite();
        var genuine = $"script-src 'self' https://cdn-{run}.example";
        var forged = $"script-src 'none'; report-uri https://attacker-{run}.example/";
        var blocked = $"https://x-{run}.example/lib.js";
        // One issue (the same blocked host and directive): 4 pages x 2 browsers under the genuine policy, one report under the forged one.
        var reports = Enumerable.Range(0, 4).SelectMany(p => new[] { "Chrome/142", "Firefox/140" }.Select(agent => Report(run, genuine, $"p{p}", blocked, agent)))
            .Append(Report(run, forged, "p0", blocked, "Chrome/142")).ToList();
        await pipeline.PostReportsAsync(reports, site, perDelivery: 3);
        await pipeline.WaitForDigestAsync(site, reports.Count);

        var real = Assert.Single((await pipeline.OkAsync($"read/policy?id={IdOf(genuine)}&from={ReadPipeline.Today}&to={ReadPipeline.Today}"))
            .GetProperty("suggestions").EnumerateArray());
        Assert.Equal(8, real.GetProperty("reports").GetInt64());
        Assert.True(real.GetProperty("credible").GetBoolean());

        var fake = Assert.Single((await pipeline.OkAsync($"read/policy?id={IdOf(forged)}&from={ReadPipeline.Today}&to={ReadPipeline.Today}"))
            .GetProperty("suggestions").EnumerateArray());
        Assert.Equal(1, fake.GetProperty("reports").GetInt64());
        Assert.Equal(1, fake.GetProperty("pages").GetInt32()); // the issue's sketch holds 4 pages, the policy's one report one
        Assert.Equal(1, fake.GetProperty("clients").GetInt32());
        Assert.False(fake.GetProperty("credible").GetBoolean());
    }

    [Fact]
    public async Task A_report_only_policy_with_only_noise_for_seven_days_is_ready_and_one_with_a_clean_violation_is_not()
    {
        var run = Run();
        var quiet = $"script-src 'self' https://quiet-{run}.example; report-to main";
        var noisy = $"script-src 'self' https://noisy-{run}.example; report-to main";
        var now = DateTimeOffset.UtcNow;
        var extension = "chrome-extension://abcdefghijklmnop/inject.js";
        for (var back = 0; back < PolicyAdvice.ReadyAfterDays; back++)
        {
            var reports = new List<string> { Report(run, quiet, "q", extension, "Chrome/142"), Report(run, noisy, "n", extension, "Chrome/142") };
            if (back == 3)
                reports.Add(Report(run, noisy, "n", $"https://tracker-{run}.example/t.js", "Chrome/142"));
            await EnqueueAsync(now.AddDays(-back), reports);
        }
        var expected = PolicyAdvice.ReadyAfterDays * 2 + 1;
        var page = await Eventually.MatchAsync(() => pipeline.OkAsync("read/policies"),
            p => p.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("id").GetString() is { } id && (id == IdOf(quiet) || id == IdOf(noisy)))
                .Sum(i => i.GetProperty("reports").GetInt64()) == expected, TimeSpan.FromSeconds(90), "seven days of both policies");

        var ready = PolicyIn(page, IdOf(quiet));
        Assert.Equal(PolicyAdvice.ReadyAfterDays, ready.GetProperty("noise").GetInt64());
        Assert.Equal(ReadPipeline.DayBefore(PolicyAdvice.ReadyAfterDays - 1), ready.GetProperty("firstSeen").GetString());
        Assert.True(ready.GetProperty("ready").GetProperty("ready").GetBoolean(), ready.ToString());
        var notReady = PolicyIn(page, IdOf(noisy));
        Assert.False(notReady.GetProperty("ready").GetProperty("ready").GetBoolean());
        Assert.Contains(ReadPipeline.DayBefore(3), notReady.GetProperty("ready").GetProperty("reason").GetString());

        // Paged one at a time, every policy comes exactly once.
        var paged = (await pipeline.AllPagesAsync("read/policies?pageSize=1")).SelectMany(p => p).Select(i => i.GetProperty("id").GetString()).ToList();
        Assert.Equal(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()), paged);

        // A week that ends before the first day is not measured: no verdict of readiness from missing days.
        var earlier = PolicyIn(await pipeline.OkAsync($"read/policies?to={ReadPipeline.DayBefore(1)}"), IdOf(quiet));
        Assert.False(earlier.GetProperty("ready").GetProperty("ready").GetBoolean());
    }

    [Theory]
    [InlineData("read/policy", "'id' is required")]
    [InlineData("read/policy?id=XYZ", "'id' must be a policy id")]
    [InlineData("read/policy?id=0123456789abcdef&from=2026-13-01", "'from' must be a UTC day")]
    [InlineData("read/policies?pageSize=0", "'pageSize' must be")]
    [InlineData("read/policies?token=forged.token", "'token' is not a continuation token")]
    public async Task Bad_input_answers_400_with_the_reason(string pathAndQuery, string reason)
    {
        var (status, body) = await pipeline.GetJsonAsync(pathAndQuery);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(reason, body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Reads_need_the_read_key_and_an_unknown_policy_is_404()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await pipeline.GetJsonAsync("read/policies", key: "wrong")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await pipeline.GetJsonAsync("read/policy?id=0123456789abcdef")).Status);
    }

    /// <summary>Queues a delivery as Ingest would have on <paramref name="received"/> (a past day), for Normalize to process.</summary>
    private async Task EnqueueAsync(DateTimeOffset received, IEnumerable<string> reports)
    {
        var buffer = new ArrayBufferWriter<byte>();
        EnvelopeCodec.Write(buffer, new Envelope { Id = Envelope.NewId(), ReceivedAt = received, ContentType = "application/reports+json" },
            Encoding.UTF8.GetBytes("[" + string.Join(",", reports) + "]"));
        await pipeline.Queue.SendMessageAsync(BinaryData.FromBytes(buffer.WrittenMemory));
    }
}
