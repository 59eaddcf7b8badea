using System.Buffers;
using System.Net;
using System.Text;
using System.Text.Json;
using Lookout.Core.Envelopes;
using Lookout.Tests.Pipeline.Harness;
using Lookout.Tests.Support;

namespace Lookout.Tests.Pipeline;

/// <summary>Ingest with the poller off, so the test can read what Ingest queued before anything consumes it.</summary>
public sealed class IngestOnlyPipeline : LookoutPipeline
{
    protected override IDictionary<string, string> Settings => new Dictionary<string, string> { ["Lookout__Standalone__Poller"] = "false" };
}

/// <summary>
/// What Lookout writes is what other Azure clients read, and the other way round: rows through Microsoft's
/// JavaScript Tables SDK with their Edm types, queue messages in the base64 text the queue trigger expects.
/// </summary>
public class JsSdkCompatTests(StandalonePipeline pipeline) : IClassFixture<StandalonePipeline>
{
    private static readonly string[] JsSdkRequired = [Path.Combine("@azure", "data-tables"), Path.Combine("@azure", "storage-queue")];

    [Fact]
    public async Task A_stored_row_reads_back_through_the_js_tables_sdk_with_edm_types()
    {
        var site = LookoutPipeline.NewSite();
        using var response = await pipeline.PostAsync(Fixtures.Published("csp-legacy/django-csp-reports-1.json"), "application/csp-report", site);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var row = Assert.Single(await pipeline.RowsOfSiteAsync(site, 1));

        Array.ForEach(JsSdkRequired, p => RepoPaths.RequireNodeModule(p));
        var js = await NodeSdk.RunAsync("tables.mjs", new
        {
            connectionString = pipeline.Azurite.ConnectionString, table = pipeline.TableName, partitionKey = row.PartitionKey, rowKey = row.RowKey,
        });
        Assert.Equal("Int64", js.GetProperty("LineNumber").GetProperty("type").GetString());
        Assert.Equal("36", js.GetProperty("LineNumber").GetProperty("value").GetString());
        Assert.Equal("DateTime", js.GetProperty("ReceivedAt").GetProperty("type").GetString());
        Assert.Equal(row.GetDateTimeOffset("ReceivedAt"), DateTimeOffset.Parse(js.GetProperty("ReceivedAt").GetProperty("value").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("String", js.GetProperty("BlockedUrl").GetProperty("type").GetString());
        Assert.Equal("http://dangerous.example.cz/", js.GetProperty("BlockedUrl").GetProperty("value").GetString());
        Assert.Equal(row.GetString("Body"), js.GetProperty("Body").GetProperty("value").GetString());
    }

    [Fact]
    public async Task A_base64_message_queued_by_the_js_queue_sdk_is_normalized()
    {
        var site = LookoutPipeline.NewSite();
        var envelope = new Envelope { Id = Envelope.NewId(), ReceivedAt = DateTimeOffset.UtcNow, ContentType = "application/csp-report", Site = site };
        var buffer = new ArrayBufferWriter<byte>();
        EnvelopeCodec.Write(buffer, envelope, Fixtures.Published("csp-legacy/django-lookout-1.json"));

        Array.ForEach(JsSdkRequired, p => RepoPaths.RequireNodeModule(p));
        await NodeSdk.RunAsync("queues.mjs", new
        {
            op = "send", connectionString = pipeline.Azurite.ConnectionString, queue = pipeline.QueueName,
            texts = new[] { Convert.ToBase64String(buffer.WrittenSpan) },
        });

        var row = Assert.Single(await pipeline.RowsOfSiteAsync(site, 1));
        Assert.Equal("csp-violation", row.GetString("Type"));
        Assert.Equal(envelope.Id, row.GetString("EnvelopeId"));
    }
}

public class IngestQueueCompatTests(IngestOnlyPipeline pipeline) : IClassFixture<IngestOnlyPipeline>
{
    [Fact]
    public async Task Ingest_queues_base64_text_that_decodes_to_the_envelope_with_the_body_unchanged()
    {
        var body = Fixtures.Published("csp-legacy/nico-4.json");
        using var response = await pipeline.PostAsync(body, "application/csp-report; charset=utf-8", "compat");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);

        RepoPaths.RequireNodeModule(Path.Combine("@azure", "storage-queue"));
        var received = await NodeSdk.RunAsync("queues.mjs", new { op = "receive", connectionString = pipeline.Azurite.ConnectionString, queue = pipeline.QueueName });
        var text = Assert.Single(received.EnumerateArray()).GetProperty("messageText").GetString()!;
        var bytes = Convert.FromBase64String(text);
        Assert.True(EnvelopeCodec.TryRead(bytes, out var message, out var error), error);
        Assert.Equal("compat", message!.Envelope.Site);
        Assert.Equal("application/csp-report; charset=utf-8", message.Envelope.ContentType);
        using var sent = JsonDocument.Parse(body);
        using var queued = JsonDocument.Parse(message.Body);
        Assert.Equal(sent.RootElement.GetRawText(), queued.RootElement.GetRawText());
        Assert.Contains(Encoding.UTF8.GetString(message.Body.Span).Trim(), Encoding.UTF8.GetString(body));
    }
}
