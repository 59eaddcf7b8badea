using Lookout.Standalone;
using Microsoft.AspNetCore.Http.Features;

namespace Lookout.Tests.Standalone;

/// <summary>A <c>?code=</c> key leaves the request target and travels on as the key header.</summary>
public class QueryKeyToHeaderTests
{
    private static HttpRequestFeature Moved(string target, string? header = null)
    {
        var at = target.IndexOf('?', StringComparison.Ordinal);
        var request = new HttpRequestFeature { Path = at < 0 ? target : target[..at], QueryString = at < 0 ? "" : target[at..], RawTarget = target };
        if (header is not null)
            request.Headers[ReadAuthorization.Header] = header;
        QueryKeyToHeader.Move(request);
        return request;
    }

    [Theory]
    [InlineData("/api/read/counts?code=s3cret", "", "s3cret")]
    [InlineData("/api/read/issues?type=csp-violation&code=s%2B3%20cret&site=a", "?type=csp-violation&site=a", "s+3 cret")]
    [InlineData("/api/read/issues?CODE=s3cret&Code=again", "", "s3cret")]
    [InlineData("/api/read/issues?barcode=1&code", "?barcode=1", null)]
    [InlineData("/api/read/issues?zipcode=1", "?zipcode=1", null)]
    public void The_key_leaves_the_query_and_the_raw_target(string target, string query, string? key)
    {
        var request = Moved(target);
        Assert.Equal(query, request.QueryString);
        Assert.Equal(target[..target.IndexOf('?', StringComparison.Ordinal)] + query, request.RawTarget);
        Assert.Equal(key ?? "", request.Headers[ReadAuthorization.Header].ToString());
    }

    [Fact]
    public void A_key_header_already_sent_wins()
    {
        var request = Moved("/api/read/counts?code=from-query", header: "from-header");
        Assert.Equal("", request.QueryString);
        Assert.Equal("from-header", request.Headers[ReadAuthorization.Header].ToString());
    }
}
