using System.Net;
using Lookout.Tests.Pipeline.Harness;
using Lookout.Tests.Support;

namespace Lookout.Tests.Read;

/// <summary>
/// A read key sent as <c>?code=</c> never reaches the log: the standalone host runs with every category at
/// Trace (ASP.NET Core's request lines, routing, Kestrel, HttpClient), and its whole output is searched.
/// </summary>
public class ReadKeyLoggingTests(ReadPipeline pipeline) : IClassFixture<ReadPipeline>
{
    [Fact]
    public async Task A_key_in_the_query_is_in_no_log_line()
    {
        var settings = new Dictionary<string, string>(pipeline.AppSettings)
        {
            ["Logging__LogLevel__Default"] = "Trace",
            ["Logging__LogLevel__Microsoft"] = "Trace",
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Trace",
            ["Logging__LogLevel__System.Net.Http.HttpClient"] = "Trace",
            ["Lookout__Standalone__Poller"] = "false",
        };
        await using var app = await LookoutApp.StartAsync(pipeline.Azurite.ConnectionString, settings);
        var wrong = "wrong-" + Guid.NewGuid().ToString("N");
        var paths = new[] { "read/counts", "read/issues?type=csp-violation", "dashboard/app/app.js", "dashboard", "read/nosuchroute" };
        foreach (var path in paths)
        {
            var url = new Uri(app.BaseUrl, "/api/" + path);
            var separator = url.Query.Length > 0 ? "&" : "?";
            using var right = await pipeline.Http.GetAsync(url + separator + "code=" + pipeline.ReadKey);
            Assert.True(right.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, $"{path}: {right.StatusCode}");
            using var refused = await pipeline.Http.GetAsync(url + separator + "code=" + wrong);
            Assert.True(refused.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.OK or HttpStatusCode.NotFound, $"{path}: {refused.StatusCode}");
        }
        using var keyed = await pipeline.Http.GetAsync(new Uri(app.BaseUrl, "/api/read/counts?code=" + pipeline.ReadKey));
        Assert.Equal(HttpStatusCode.OK, keyed.StatusCode);

        // The request lines were logged (so the search below searched them), without the key.
        await Eventually.MatchAsync(() => Task.FromResult(app.Output), output => output.Contains("read/nosuchroute", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10), "the request lines in the log");
        var output = app.Output;
        Assert.Contains("Request starting", output);
        Assert.Contains("/api/read/issues?type=csp-violation", output);
        Assert.DoesNotContain(pipeline.ReadKey, output);
        Assert.DoesNotContain(wrong, output);
        Assert.DoesNotContain("code=", output);
    }
}
