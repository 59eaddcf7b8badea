using System.Net;
using System.Text;
using Lookout.Tests.Pipeline.Harness;

namespace Lookout.Tests.Pipeline;

/// <summary>Every non-204 answer of Ingest, and CORS, over real HTTP.</summary>
public class IngestAnswersTests(StandalonePipeline pipeline) : IClassFixture<StandalonePipeline>
{
    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    [Theory]
    [InlineData("NOT_A_JSON", "Malformed JSON")]
    [InlineData("{\"csp-report\": {\"blocked-uri\": ", "Malformed JSON")]
    [InlineData("{'csp-report': {}}", "Malformed JSON")]
    [InlineData("42", "JSON number")]
    [InlineData("[\"a\",\"b\"]", "string, not an object")]
    [InlineData("[]", "empty")]
    [InlineData("", "empty")]
    public async Task Malformed_or_unknown_shapes_answer_400_with_a_reason(string body, string reason)
    {
        using var response = await pipeline.PostAsync(Utf8(body), "application/csp-report");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Invalid_utf8_answers_400()
    {
        using var response = await pipeline.PostAsync([(byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)':', (byte)'1', (byte)'}'], "application/json");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("UTF-8", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Deep_nesting_answers_400()
    {
        using var response = await pipeline.PostAsync(Utf8(new string('[', 5000) + new string(']', 5000)), "application/reports+json");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_body_over_the_limit_answers_413()
    {
        var body = Utf8("[" + string.Join(",", Enumerable.Repeat("{\"type\":\"test\",\"body\":{\"p\":\"" + new string('x', 1000) + "\"}}", 600)) + "]");
        using var response = await pipeline.PostAsync(body, "application/reports+json");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("larger than", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_answers_413()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, pipeline.App.ReportsUrl)
        {
            Content = new StreamContent(new MemoryStream(new byte[600 * 1024])),
        };
        request.Headers.TransferEncodingChunked = true;
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        using var response = await pipeline.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Too_many_reports_answer_413()
    {
        var body = Utf8("[" + string.Join(",", Enumerable.Repeat("{}", 1001)) + "]");
        using var response = await pipeline.PostAsync(body, "application/reports+json");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("1000", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_single_report_too_large_for_a_queue_message_answers_413()
    {
        var body = Utf8("{\"csp-report\":{\"script-sample\":\"" + new string('x', 60 * 1024) + "\"}}");
        using var response = await pipeline.PostAsync(body, "application/csp-report");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("Report 0", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData(null)]
    public async Task Unsupported_content_types_answer_415(string? contentType)
    {
        using var response = await pipeline.PostAsync(Utf8("{\"csp-report\":{}}"), contentType);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("application/reports+json", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_bad_site_tag_answers_400()
    {
        using var response = await pipeline.PostAsync(Utf8("{\"csp-report\":{}}"), "application/csp-report", site: "no spaces/or slashes");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Preflight_from_an_allowed_origin_gets_cors_headers()
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, pipeline.App.ReportsUrl);
        request.Headers.Add("Origin", "https://site.example");
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type");
        using var response = await pipeline.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("https://site.example", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("content-type", response.Headers.GetValues("Access-Control-Allow-Headers").Single());
        Assert.Contains("POST", response.Headers.GetValues("Access-Control-Allow-Methods").Single());
        Assert.Equal("600", response.Headers.GetValues("Access-Control-Max-Age").Single());
    }

    [Fact]
    public async Task Preflight_from_another_origin_is_refused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, pipeline.App.ReportsUrl);
        request.Headers.Add("Origin", "https://evil.example");
        request.Headers.Add("Access-Control-Request-Method", "POST");
        using var response = await pipeline.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task The_post_answer_carries_the_allowed_origin()
    {
        using var response = await pipeline.PostAsync(Fixtures.Published("crash/wicg-crash-reporting-1.json"),
            "application/reports+json", LookoutPipeline.NewSite(), origin: "https://other.example");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("https://other.example", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }
}
