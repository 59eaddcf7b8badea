using System.Text.Json;
using Lookout.Core.Envelopes;
using Lookout.Core.Records;
using Lookout.Core.Triage;
using Lookout.Tests.Formats;

namespace Lookout.Tests.Triage;

public class ScrubberTests
{
    private static readonly Envelope Envelope = new()
    {
        Id = "0123456789abcdef0123456789abcdef",
        ReceivedAt = new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero),
        ContentType = "application/csp-report",
        Site = "scrub",
    };

    [Theory]
    [InlineData("https://a.example/reset?token=s3cr3t&page=2", "https://a.example/reset?token=[Filtered]&page=2")]
    [InlineData("https://a.example/?page=2&access_token=abc", "https://a.example/?page=2&access_token=[Filtered]")]
    [InlineData("https://a.example/cb#access_token=abc&state=x", "https://a.example/cb#access_token=[Filtered]&state=x")]
    [InlineData("https://a.example/app;jsessionid=ABC123?x=1", "https://a.example/app;jsessionid=[Filtered]?x=1")]
    [InlineData("https://b.blob.core.windows.net/c/x.js?sv=2024&sig=AbC%2Bd", "https://b.blob.core.windows.net/c/x.js?sv=2024&sig=[Filtered]")]
    [InlineData("https://a.example/s3?X-Amz-Credential=AK&X-Amz-Signature=ff", "https://a.example/s3?X-Amz-Credential=[Filtered]&X-Amz-Signature=[Filtered]")]
    [InlineData("/login?next=/reset%3Fx%3D1&PHPSESSID=zz", "/login?next=/reset%3Fx%3D1&PHPSESSID=[Filtered]")]
    [InlineData("https://a.example/go?next=/reset?code=abc", "https://a.example/go?next=/reset?code=[Filtered]")]
    [InlineData("https://a.example/?api%5Fkey=abc", "https://a.example/?api%5Fkey=[Filtered]")]
    [InlineData("report-uri https://r.example/csp?key=abc; script-src 'self'", "report-uri https://r.example/csp?key=[Filtered]; script-src 'self'")]
    [InlineData("https://a.example/?sessionId=abc&authToken=def", "https://a.example/?sessionId=[Filtered]&authToken=[Filtered]")]
    public void Secret_parameter_values_are_filtered(string text, string expected) =>
        Assert.Equal(expected, Scrubber.Text(text, ScrubMode.Secrets));

    [Theory]
    [InlineData("https://a.example/search?keyword=shoes&postcode=1000&page=2")]
    [InlineData("https://a.example/?signup=1&codec=vp9&passage=3")]
    [InlineData("inline")]
    [InlineData("https://a.example/path")]
    [InlineData("https://a.example/?token=[Filtered]")]
    public void Other_text_is_the_same_instance(string text) =>
        Assert.Same(text, Scrubber.Text(text, ScrubMode.Secrets));

    [Theory]
    [InlineData("https://a.example/p?page=2#top", "https://a.example/p")]
    [InlineData("/p?page=2", "/p")]
    [InlineData("report-uri https://r.example/csp?k=1; img-src 'self'", "report-uri https://r.example/csp; img-src 'self'")]
    [InlineData("fetch(\"https://api.example/v1?token=abc\")", "fetch(\"https://api.example/v1\")")]
    public void Query_mode_drops_queries_and_fragments(string text, string expected) =>
        Assert.Equal(expected, Scrubber.Text(text, ScrubMode.Query));

    [Fact]
    public void None_keeps_every_byte()
    {
        const string json = """{"blocked-uri":"https://a.example/x?token=abc"}""";
        Assert.Same(json, Scrubber.Json(json, ScrubMode.None));
        Assert.Same(json, Scrubber.Text(json, ScrubMode.None));
    }

    [Fact]
    public void Json_keeps_everything_but_the_secret_values_byte_for_byte()
    {
        const string json = "{ \"url\" : \"https://a.example/?token=s3cr3t&page=2\",\n  \"n\": 1.50, \"esc\": \"a\\/b\", \"k\\u0065y\": \"?password=p\\u0061ss\" }";
        var scrubbed = Scrubber.Json(json, ScrubMode.Secrets);
        Assert.Equal("{ \"url\" : \"https://a.example/?token=[Filtered]&page=2\",\n  \"n\": 1.50, \"esc\": \"a\\/b\", \"k\\u0065y\": \"?password=[Filtered]\" }", scrubbed);
        using var _ = JsonDocument.Parse(scrubbed);
    }

    [Fact]
    public void Text_that_is_not_json_is_scrubbed_as_text()
    {
        Assert.Equal("not json ?token=[Filtered]&x", Scrubber.Json("not json ?token=abc&x", ScrubMode.Secrets));
    }

    /// <summary>A legacy CSP report carrying the same secret in every URL it has, as the issue describes.</summary>
    private const string EverywhereReport = """
        {"csp-report":{"document-uri":"https://shop.example/reset?token=s3cr3t&page=2",
        "referrer":"https://shop.example/mail?token=s3cr3t&page=2",
        "blocked-uri":"https://cdn.evil.example/x.js?token=s3cr3t&page=2",
        "source-file":"https://shop.example/app.js?token=s3cr3t&page=2",
        "violated-directive":"script-src-elem","effective-directive":"script-src-elem",
        "original-policy":"script-src 'self'; report-uri /csp?token=s3cr3t&page=2","disposition":"enforce"}}
        """;

    [Fact]
    public void Every_stored_value_of_a_row_is_scrubbed_and_the_row_says_which()
    {
        var record = Build(EverywhereReport, ScrubMode.Secrets);
        foreach (var property in record.Properties)
            Assert.DoesNotContain("s3cr3t", property.Value.ToString(), StringComparison.Ordinal);
        foreach (var name in new[] { "DocumentUrl", "Referrer", "BlockedUrl", "SourceFile", "Url" })
            Assert.EndsWith("?token=[Filtered]&page=2", record[name]!.Value.AsString, StringComparison.Ordinal);
        Assert.Contains("report-uri /csp?token=[Filtered]&page=2", record["OriginalPolicy"]!.Value.AsString, StringComparison.Ordinal);
        Assert.Equal("Url,DocumentUrl,BlockedUrl,SourceFile,Referrer,OriginalPolicy,Body,Raw", record["Scrubbed"]!.Value.AsString);
        using var raw = JsonDocument.Parse(record["Raw"]!.Value.AsString);
        Assert.Equal("https://cdn.evil.example/x.js?token=[Filtered]&page=2", raw.RootElement.GetProperty("csp-report").GetProperty("blocked-uri").GetString());
        using var body = JsonDocument.Parse(record["Body"]!.Value.AsString);
        Assert.Equal("https://shop.example/reset?token=[Filtered]&page=2", body.RootElement.GetProperty("documentURL").GetString());
    }

    [Fact]
    public void Query_mode_stores_no_query_anywhere()
    {
        var record = Build(EverywhereReport, ScrubMode.Query);
        foreach (var property in record.Properties)
        {
            Assert.DoesNotContain("page=2", property.Value.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("s3cr3t", property.Value.ToString(), StringComparison.Ordinal);
        }
        Assert.Equal("https://cdn.evil.example/x.js", record["BlockedUrl"]!.Value.AsString);
        Assert.Equal("script-src 'self'; report-uri /csp", record["OriginalPolicy"]!.Value.AsString);
    }

    [Fact]
    public void None_mode_stores_the_raw_bytes_and_no_scrubbed_column()
    {
        var record = Build(EverywhereReport, ScrubMode.None);
        Assert.Null(record["Scrubbed"]);
        Assert.Equal(System.Text.Encoding.UTF8.GetString(RawOf(EverywhereReport)), record["Raw"]!.Value.AsString);
        Assert.Equal("https://cdn.evil.example/x.js?token=s3cr3t&page=2", record["BlockedUrl"]!.Value.AsString);
    }

    [Fact]
    public void Fingerprints_are_computed_after_scrubbing()
    {
        // An inline script's source file path is part of the fingerprint, path parameters included: only scrubbing makes two sessions agree.
        static string Fingerprint(string secret, ScrubMode mode) => Build(
            $$$"""{"csp-report":{"document-uri":"https://a.example/","source-file":"https://a.example/app.js;jsessionid={{{secret}}}","blocked-uri":"inline","effective-directive":"script-src"}}""", mode)["Fingerprint"]!.Value.AsString;
        Assert.Equal(Fingerprint("one", ScrubMode.Secrets), Fingerprint("two", ScrubMode.Secrets));
        Assert.NotEqual(Fingerprint("one", ScrubMode.None), Fingerprint("two", ScrubMode.None));
    }

    [Fact]
    public void Scrubbing_twice_changes_nothing_more()
    {
        var once = Build(EverywhereReport, ScrubMode.Secrets);
        var raw = once["Raw"]!.Value.AsString;
        Assert.Same(raw, Scrubber.Json(raw, ScrubMode.Secrets));
    }

    private static byte[] RawOf(string json) => System.Text.Encoding.UTF8.GetBytes(json);

    private static ReportRecord Build(string json, ScrubMode mode) =>
        ReportRecordBuilder.Build(Envelope, 0, FormatTestKit.Single(json, "application/csp-report"), triage: new TriagePolicy(mode, [], dropNoise: false));
}
