using System.Net;
using System.Text;
using Lookout.Tests.Pipeline.Harness;

namespace Lookout.Tests.Pipeline;

/// <summary>Every non-204 answer of Ingest, and CORS, over real HTTP through the standalone host.</summary>
public class IngestAnswersTests(StandalonePipeline pipeline) : IngestAnswersSuite(pipeline), IClassFixture<StandalonePipeline>
{
    [Theory]
    [InlineData("ZZZ\r\n{}\r\n0\r\n\r\n")]
    [InlineData("ffffffffffffffffff\r\n{}\r\n0\r\n\r\n")]
    [InlineData("2\r\n{}XX0\r\n\r\n")]
    public async Task A_malformed_chunk_size_answers_400_without_a_stack_trace(string chunks)
    {
        var answer = await RawPostAsync(chunks);
        Assert.StartsWith("HTTP/1.1 400", answer);
        Assert.Contains("could not be read", answer);
        Assert.DoesNotContain("   at ", Pipeline.App.Output);
    }
}

/// <summary>The answers every host gives the same; a subclass names the pipeline (and so the host).</summary>
public abstract class IngestAnswersSuite(LookoutPipeline pipeline)
{
    protected LookoutPipeline Pipeline => pipeline;

    /// <summary>The OPTIONS request Chromium sends before a cross-origin report upload.</summary>
    private async Task<HttpResponseMessage> PreflightAsync(string origin, string requestedHeaders)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, pipeline.App.ReportsUrl);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", requestedHeaders);
        return await pipeline.Http.SendAsync(request);
    }

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    [SkippableTheory]
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

    [SkippableFact]
    public async Task Invalid_utf8_answers_400()
    {
        using var response = await pipeline.PostAsync([(byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)':', (byte)'1', (byte)'}'], "application/json");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("UTF-8", await response.Content.ReadAsStringAsync());
    }

    [SkippableFact]
    public async Task Deep_nesting_answers_400()
    {
        using var response = await pipeline.PostAsync(Utf8(new string('[', 5000) + new string(']', 5000)), "application/reports+json");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [SkippableFact]
    public async Task A_body_over_the_limit_answers_413()
    {
        var body = Utf8("[" + string.Join(",", Enumerable.Repeat("{\"type\":\"test\",\"body\":{\"p\":\"" + new string('x', 1000) + "\"}}", 600)) + "]");
        using var response = await pipeline.PostAsync(body, "application/reports+json");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("larger than", await response.Content.ReadAsStringAsync());
    }

    [SkippableFact]
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

    [SkippableFact]
    public async Task Too_many_reports_answer_413()
    {
        var body = Utf8("[" + string.Join(",", Enumerable.Repeat("{\"type\":\"test\"}", 1001)) + "]");
        using var response = await pipeline.PostAsync(body, "application/reports+json");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("1000", await response.Content.ReadAsStringAsync());
    }

    [SkippableFact]
    public async Task A_single_report_too_large_for_a_queue_message_answers_413()
    {
        var body = Utf8("{\"csp-report\":{\"script-sample\":\"" + new string('x', 60 * 1024) + "\"}}");
        using var response = await pipeline.PostAsync(body, "application/csp-report");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("Report 0", await response.Content.ReadAsStringAsync());
    }

    [SkippableTheory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData(null)]
    public async Task Unsupported_content_types_answer_415(string? contentType)
    {
        using var response = await pipeline.PostAsync(Utf8("{\"csp-report\":{}}"), contentType);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("application/reports+json", await response.Content.ReadAsStringAsync());
    }

    [SkippableFact]
    public async Task A_bad_site_tag_answers_400()
    {
        using var response = await pipeline.PostAsync(Utf8("{\"csp-report\":{}}"), "application/csp-report", site: "no spaces/or slashes");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [SkippableFact]
    public async Task Preflight_from_an_allowed_origin_gets_cors_headers()
    {
        using var response = await PreflightAsync("https://site.example", "content-type");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("https://site.example", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("content-type", response.Headers.GetValues("Access-Control-Allow-Headers").Single());
        Assert.Contains("POST", response.Headers.GetValues("Access-Control-Allow-Methods").Single());
        Assert.Equal("600", response.Headers.GetValues("Access-Control-Max-Age").Single());
    }

    [SkippableFact]
    public async Task Preflight_from_another_origin_is_refused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, pipeline.App.ReportsUrl);
        request.Headers.Add("Origin", "https://evil.example");
        request.Headers.Add("Access-Control-Request-Method", "POST");
        using var response = await pipeline.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [SkippableFact]
    public async Task The_post_answer_carries_the_allowed_origin()
    {
        using var response = await pipeline.PostAsync(Fixtures.Published("crash/wicg-crash-reporting-1.json"),
            "application/reports+json", LookoutPipeline.NewSite(), origin: "https://other.example");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("https://other.example", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [SkippableFact]
    public async Task An_array_of_empty_objects_is_refused_not_stored_as_a_thousand_unknown_rows()
    {
        var site = LookoutPipeline.NewSite();
        var body = Utf8("[" + string.Join(",", Enumerable.Repeat("{}", 1000)) + "]");
        using var response = await pipeline.PostAsync(body, "application/reports+json", site);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Report 0 has no \"type\"", await response.Content.ReadAsStringAsync());

        // One typed report among untyped ones is refused too: the rule is per item, not "at least one".
        using var mixed = await pipeline.PostAsync(Utf8("[{\"type\":\"test\",\"body\":{}},{\"body\":{}}]"), "application/reports+json", site);
        Assert.Equal(HttpStatusCode.BadRequest, mixed.StatusCode);
        Assert.Contains("Report 1", await mixed.Content.ReadAsStringAsync());
        await AssertNothingStoredForAsync(site);
    }

    [SkippableFact]
    public async Task A_post_from_a_foreign_origin_is_refused_and_not_stored()
    {
        var site = LookoutPipeline.NewSite();
        using var response = await pipeline.PostAsync(Fixtures.Published("crash/wicg-crash-reporting-1.json"),
            "application/reports+json", site, origin: "https://evil.example");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("https://evil.example", await response.Content.ReadAsStringAsync());
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        await AssertNothingStoredForAsync(site);
    }

    [SkippableFact]
    public async Task A_post_without_origin_is_accepted_under_an_allow_list()
    {
        var site = LookoutPipeline.NewSite();
        using var response = await pipeline.PostAsync(Fixtures.Published("crash/wicg-crash-reporting-1.json"), "application/reports+json", site);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Single(await pipeline.RowsOfSiteAsync(site, 1));
    }

    [SkippableFact]
    public async Task The_preflight_allows_content_type_only_whatever_is_requested()
    {
        using var response = await PreflightAsync("https://site.example", "authorization, cookie, content-type");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("content-type", response.Headers.GetValues("Access-Control-Allow-Headers").Single());
    }

    [SkippableFact]
    public async Task Huge_header_values_are_not_echoed_whole()
    {
        var contentType = "text/" + new string('x', 20_000);
        using var unsupported = await pipeline.PostAsync(Utf8("{}"), contentType);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, unsupported.StatusCode);
        var text = await unsupported.Content.ReadAsStringAsync();
        Assert.InRange(text.Length, 1, 400);
        Assert.Contains("text/xxxx", text);
        Assert.Contains("…", text);

        using var forbidden = await pipeline.PostAsync(Utf8("{}"), "application/json", origin: "https://" + new string('e', 20_000) + ".example");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.InRange((await forbidden.Content.ReadAsStringAsync()).Length, 1, 300);
    }

    /// <summary>A chunked POST written by hand on a raw connection (HttpClient cannot send broken framing); returns the whole answer.</summary>
    protected async Task<string> RawPostAsync(string chunks)
    {
        var url = pipeline.App.ReportsUrl;
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(url.Host, url.Port);
        await using var stream = client.GetStream();
        var request = $"POST {url.PathAndQuery} HTTP/1.1\r\nHost: {url.Authority}\r\nContent-Type: application/json\r\n" +
                      $"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n{chunks}";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        return await reader.ReadToEndAsync();
    }

    /// <summary>A refused delivery never reaches the table: a later accepted one of the same site is the only row.</summary>
    protected async Task AssertNothingStoredForAsync(string site)
    {
        using var marker = await pipeline.PostAsync(Utf8("{\"csp-report\":{\"document-uri\":\"https://marker.example/\"}}"), "application/csp-report", site);
        Assert.Equal(HttpStatusCode.NoContent, marker.StatusCode);
        var rows = await pipeline.RowsOfSiteAsync(site, 1);
        Assert.Equal("https://marker.example/", Assert.Single(rows).GetString("Url"));
    }
}
