using System.Net;
using Lookout.Standalone;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Lookout.Tests.Read;

/// <summary>The standalone host's version of the Functions host's key check, request by request.</summary>
public class ReadAuthorizationTests
{
    private static HttpContext Request(string remote, string? header = null, string? code = null)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(remote);
        if (header is not null)
            context.Request.Headers["x-functions-key"] = header;
        if (code is not null)
            context.Request.QueryString = new QueryString("?code=" + Uri.EscapeDataString(code));
        return context;
    }

    private static int? Status(ReadAuthorization auth, AuthorizationLevel level, HttpContext context) =>
        (auth.Refusal(level, context) as IStatusCodeHttpResult)?.StatusCode;

    [Theory]
    [InlineData(AuthorizationLevel.Function)]
    [InlineData(AuthorizationLevel.Admin)]
    public void With_a_key_configured_only_that_key_opens_keyed_functions(AuthorizationLevel level)
    {
        var auth = new ReadAuthorization("s3cret");
        Assert.Equal(401, Status(auth, level, Request("127.0.0.1")));
        Assert.Equal(401, Status(auth, level, Request("127.0.0.1", header: "s3cre")));
        Assert.Equal(401, Status(auth, level, Request("127.0.0.1", code: "s3cret2")));
        Assert.Null(Status(auth, level, Request("203.0.113.9", header: "s3cret")));
        Assert.Null(Status(auth, level, Request("203.0.113.9", code: "s3cret")));
    }

    [Theory]
    [InlineData("127.0.0.1", null)]
    [InlineData("::1", null)]
    [InlineData("::ffff:127.0.0.1", null)]
    [InlineData("203.0.113.9", 403)]
    [InlineData("10.1.2.3", 403)]
    [InlineData("2001:db8::1", 403)]
    public void Without_a_key_keyed_functions_serve_loopback_only(string remote, int? expected)
    {
        Assert.Equal(expected, Status(new ReadAuthorization(null), AuthorizationLevel.Function, Request(remote)));
        Assert.Equal(expected, Status(new ReadAuthorization(""), AuthorizationLevel.Function, Request(remote, header: "anything")));
    }

    [Theory]
    [InlineData("X-Forwarded-For", "203.0.113.9")]
    [InlineData("Forwarded", "for=203.0.113.9;proto=https")]
    [InlineData("X-Forwarded-Host", "lookout.example")]
    [InlineData("X-Real-IP", "203.0.113.9")]
    public void Without_a_key_a_request_through_a_proxy_is_refused_even_from_loopback(string header, string value)
    {
        var proxied = Request("127.0.0.1");
        proxied.Request.Headers[header] = value;
        var refusal = new ReadAuthorization(null).Refusal(AuthorizationLevel.Function, proxied);
        Assert.Equal(403, (refusal as IStatusCodeHttpResult)?.StatusCode);
        Assert.Contains($"({header} header)", (refusal as Microsoft.AspNetCore.Http.HttpResults.ContentHttpResult)?.ResponseContent);
        Assert.Equal("no-store", proxied.Response.Headers.CacheControl.ToString());
        // With a key the key decides, proxy or not.
        var keyed = Request("127.0.0.1", header: "k");
        keyed.Request.Headers[header] = value;
        Assert.Null(Status(new ReadAuthorization("k"), AuthorizationLevel.Function, keyed));
    }

    [Fact]
    public void Refusals_are_never_cached()
    {
        var unauthorized = Request("127.0.0.1");
        Assert.Equal(401, Status(new ReadAuthorization("k"), AuthorizationLevel.Function, unauthorized));
        Assert.Equal("no-store", unauthorized.Response.Headers.CacheControl.ToString());
        var forbidden = Request("203.0.113.9");
        Assert.Equal(403, Status(new ReadAuthorization(null), AuthorizationLevel.Function, forbidden));
        Assert.Equal("no-store", forbidden.Response.Headers.CacheControl.ToString());
    }

    [Fact]
    public void Anonymous_functions_are_open_to_everyone()
    {
        Assert.Null(Status(new ReadAuthorization("k"), AuthorizationLevel.Anonymous, Request("203.0.113.9")));
        Assert.Null(Status(new ReadAuthorization(null), AuthorizationLevel.Anonymous, Request("203.0.113.9")));
    }
}
