using System.Net;
using System.Text;
using Lookout.Tests.Pipeline.Harness;

namespace Lookout.Tests.Pipeline;

/// <summary>
/// Issue 19's reproductions end to end on Azurite: a batch with one report that used to poison the whole
/// message (a lone surrogate, a NUL, a huge age, a port of the wrong JSON type) stores every report of the
/// batch, and nothing reaches the poison queue.
/// </summary>
public class PoisonousLookingReportTests(ResourcePipeline pipeline) : IClassFixture<ResourcePipeline>
{
    [Theory]
    [InlineData("""{"type":"test","age":1,"url":"https://a/bad-\udc00","body":{"message":"b"}}""")]
    [InlineData("""{"type":"test","age":1,"url":"https://a/bad-\u0000","body":{"message":"b"}}""")]
    [InlineData("""{"type":"test","age":100000000000000000,"url":"https://a/huge-age","body":{"message":"b"}}""")]
    [InlineData("""{"type":"test","age":70000000000000,"url":"https://a/old","body":{"message":"b"}}""")]
    [InlineData("""{"type":"hpkp","age":1,"url":"https://a/","body":{"hostname":"a.example","port":{"x":1},"date-time":{"y":2}}}""")]
    [InlineData("""{"type":"expect-ct","age":1,"url":"https://a/","body":{"hostname":"a.example","port":"1e999"}}""")]
    public async Task A_batch_with_one_poisonous_looking_report_stores_every_report(string odd)
    {
        var site = LookoutPipeline.NewSite();
        var body = Encoding.UTF8.GetBytes(
            $$$"""[{"type":"test","age":1,"url":"https://a/good-1","body":{"message":"ok"}},{{{odd}}},{"type":"test","age":1,"url":"https://a/good-2","body":{"message":"ok"}}]""");
        using (var response = await pipeline.PostAsync(body, "application/reports+json", site))
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);

        var rows = await pipeline.RowsOfSiteAsync(site, 3);
        Assert.Equal(3, rows.Count);
        Assert.Contains(rows, r => r.GetString("Url") == "https://a/good-1");
        Assert.Contains(rows, r => r.GetString("Url") == "https://a/good-2");
        Assert.Empty((await pipeline.PoisonQueue.PeekMessagesAsync(32)).Value);
    }
}
