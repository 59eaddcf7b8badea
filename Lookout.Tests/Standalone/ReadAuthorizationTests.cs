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

    [Fact]
    public void Anonymous_functions_are_open_to_everyone()
    {
        Assert.Null(Status(new ReadAuthorization("k"), AuthorizationLevel.Anonymous, Request("203.0.113.9")));
        Assert.Null(Status(new ReadAuthorization(null), AuthorizationLevel.Anonymous, Request("203.0.113.9")));
    }
}
