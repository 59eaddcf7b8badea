using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Lookout.Storage;
using Lookout.Tests.Support;

namespace Lookout.Tests.Storage;

/// <summary>Retries are re-signed, SAS tokens are appended once, and the Azurite harness survives restarts.</summary>
public sealed class PipelineBehaviourTests
{
    /// <summary>Fails the first attempt with a connection-style error after recording what was sent.</summary>
    private sealed class FailFirstAttempt : HttpPipelinePolicy
    {
        public List<(string? Date, string? Authorization, string Uri)> Attempts { get; } = [];

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            throw new NotSupportedException("async only");

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            message.Request.Headers.TryGetValue("x-ms-date", out var date);
            message.Request.Headers.TryGetValue("Authorization", out var authorization);
            Attempts.Add((date, authorization, message.Request.Uri.ToString()));
            if (Attempts.Count == 1)
                throw new IOException("simulated connection reset");
            await ProcessNextAsync(message, pipeline);
        }
    }

    private static T Fast<T>(T options, FailFirstAttempt probe) where T : ClientOptions
    {
        options.Retry.Delay = TimeSpan.FromMilliseconds(10);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(50);
        options.AddPolicy(probe, HttpPipelinePosition.PerRetry);
        return options;
    }

    [Fact]
    public async Task A_transient_failure_is_retried_and_each_attempt_is_signed()
    {
        var account = await StorageTestEnv.AccountAsync();
        var probe = new FailFirstAttempt();
        var queue = new QueueClient(account, StorageTestEnv.QueueName(), Fast(new QueueClientOptions(), probe));
        await queue.CreateIfNotExistsAsync();
        Assert.True(await queue.ExistsAsync());
        Assert.Equal(3, probe.Attempts.Count);
        Assert.All(probe.Attempts, a => Assert.StartsWith("SharedKey devstoreaccount1:", a.Authorization, StringComparison.Ordinal));
        Assert.All(probe.Attempts, a => Assert.NotNull(a.Date));

        var tableProbe = new FailFirstAttempt();
        var table = new TableClient(account, StorageTestEnv.TableName(), Fast(new TableClientOptions(), tableProbe));
        await table.CreateIfNotExistsAsync();
        await table.SubmitTransactionAsync([new TableEntity("p", "1"), new TableEntity("p", "2")]);
        Assert.Equal(2, (await TableClientTests.Collect(table.QueryAsync())).Count);
        Assert.Equal(4, tableProbe.Attempts.Count);
    }

    [Fact]
    public async Task A_sas_token_is_appended_once_even_on_retries()
    {
        var azurite = await AzuriteServer.Shared;
        var account = StorageAccount.FromConnectionString(
            $"QueueEndpoint={azurite.QueueEndpoint};SharedAccessSignature=?sv=2020-12-06&ss=q&srt=sco&sp=r&sig=bm90LWEtc2lnbmF0dXJl");
        var probe = new FailFirstAttempt();
        var queue = new QueueClient(account, StorageTestEnv.QueueName(), Fast(new QueueClientOptions(), probe));
        // The made-up signature is refused, which is fine: the point is what was sent.
        await Assert.ThrowsAsync<RequestFailedException>(() => queue.ExistsAsync());
        Assert.Equal(2, probe.Attempts.Count);
        Assert.All(probe.Attempts, a =>
        {
            Assert.Null(a.Authorization);
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(a.Uri, "sig="));
            Assert.Contains("?comp=metadata&sv=2020-12-06", a.Uri, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_persistent_azurite_keeps_data_across_a_restart_on_the_same_ports()
    {
        await using var azurite = await AzuriteServer.StartAsync(persistent: true);
        var account = StorageAccount.FromConnectionString(azurite.ConnectionString);
        var options = new QueueClientOptions();
        options.Retry.MaxRetries = 0;
        var queue = new QueueClient(account, StorageTestEnv.QueueName(), options);
        await queue.CreateIfNotExistsAsync();
        await queue.SendMessageAsync(BinaryData.FromString("survives"));
        var port = azurite.QueuePort;

        await azurite.StopAsync();
        var down = await Assert.ThrowsAnyAsync<Exception>(() => queue.PeekMessagesAsync());
        Assert.True(down is RequestFailedException { Status: 0 } or HttpRequestException, down.GetType().Name);

        await azurite.RestartAsync();
        Assert.Equal(port, azurite.QueuePort);
        Assert.Equal("survives", Assert.Single(await queue.PeekMessagesAsync()).Body.ToString());
    }
}
