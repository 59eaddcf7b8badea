using System.Net;
using System.Text;
using System.Text.Json;
using Lookout.Storage;
using Lookout.Tests.Pipeline.Harness;

namespace Lookout.Tests.Pipeline;

/// <summary>
/// The app as the Functions host runs it: port from FUNCTIONS_CUSTOMHANDLER_PORT, no standalone
/// poller; the test plays the host, taking messages off the queue and POSTing host-shaped
/// invocation payloads to /Normalize.
/// </summary>
public class CustomHandlerTests(FunctionsHostPipeline pipeline) : IClassFixture<FunctionsHostPipeline>
{
    private static string HostPayload(string data, QueueMessage message) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["Data"] = new Dictionary<string, string> { ["message"] = data },
        ["Metadata"] = new Dictionary<string, object>
        {
            ["DequeueCount"] = message.DequeueCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Id"] = message.MessageId,
            ["PopReceipt"] = message.PopReceipt,
            ["InsertionTime"] = message.InsertedOn.ToString("O"),
            ["sys"] = new Dictionary<string, string> { ["MethodName"] = "Normalize", ["UtcNow"] = DateTime.UtcNow.ToString("O") },
        },
    });

    private async Task<QueueMessage> IngestAndTakeMessageAsync(string fixture, string contentType, string site)
    {
        using var response = await pipeline.PostAsync(Fixtures.Published(fixture), contentType, site);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var messages = await pipeline.Queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(1));
        return Assert.Single(messages);
    }

    private async Task<HttpResponseMessage> InvokeNormalizeAsync(string payload) =>
        await pipeline.Http.PostAsync(new Uri(pipeline.App.BaseUrl, "/Normalize"),
            new StringContent(payload, Encoding.UTF8, "application/json"));

    [Fact]
    public async Task No_poller_runs_under_the_host()
    {
        var site = LookoutPipeline.NewSite();
        using var response = await pipeline.PostAsync(Fixtures.Published("crash/wicg-crash-reporting-1.json"), "application/reports+json", site);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        // The message stays in the queue: only the host (here: the test) may take it.
        var peeked = await Eventually.MatchAsync(() => pipeline.Queue.PeekMessagesAsync(32), m => m.Count > 0, what: "message in queue");
        Assert.NotEmpty(peeked);
        foreach (var m in await pipeline.Queue.ReceiveMessagesAsync(32))
            await pipeline.Queue.DeleteMessageAsync(m.MessageId, m.PopReceipt);
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("json-quoted")]
    [InlineData("base64")]
    public async Task A_host_invocation_writes_the_rows(string form)
    {
        var site = LookoutPipeline.NewSite();
        var message = await IngestAndTakeMessageAsync("network-error/nel-collector-2.json", "application/reports+json", site);
        var text = message.Body.ToString();
        var data = form switch
        {
            "plain" => text,
            "json-quoted" => JsonSerializer.Serialize(text),
            _ => message.MessageText,
        };

        using var response = await InvokeNormalizeAsync(HostPayload(data, message));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(answer.RootElement.TryGetProperty("Outputs", out _));

        var rows = await pipeline.RowsOfSiteAsync(site, 2);
        Assert.All(rows, r => Assert.Equal("network-error", r.GetString("Type")));
        await pipeline.Queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
    }

    [Fact]
    public async Task The_same_message_processed_twice_writes_the_same_rows()
    {
        var site = LookoutPipeline.NewSite();
        var message = await IngestAndTakeMessageAsync("csp-violation/go-csp-collector-1.json", "application/reports+json", site);
        for (var i = 0; i < 2; i++)
        {
            using var response = await InvokeNormalizeAsync(HostPayload(message.Body.ToString(), message));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        var rows = await pipeline.RowsOfSiteAsync(site, 3);
        Assert.Equal(3, rows.Count);
        Assert.Equal(3, rows.Select(r => r.RowKey).Distinct().Count());
        await pipeline.Queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
    }

    [Theory]
    [InlineData("{\"Data\":{\"message\":\"this is not an envelope\"},\"Metadata\":{}}")]
    [InlineData("{\"Data\":{},\"Metadata\":{}}")]
    [InlineData("{\"Metadata\":{}}")]
    [InlineData("not json at all")]
    public async Task A_message_that_cannot_be_processed_fails_the_invocation(string payload)
    {
        using var response = await InvokeNormalizeAsync(payload);
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.NotEqual(0, answer.RootElement.GetProperty("Logs").GetArrayLength());
    }
}
