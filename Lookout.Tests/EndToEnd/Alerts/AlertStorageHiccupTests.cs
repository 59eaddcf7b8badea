using Azure.Storage.Queues;
using Lookout.Core.Alerts;
using Lookout.Functions.Alerts;
using Lookout.Functions.Hosting;
using Lookout.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Lookout.Tests.Alerts;

/// <summary>
/// An alert whose bookkeeping table cannot be reached takes its own retry, with backoff, instead of failing the
/// queue message (a few quick redeliveries, then poison). The table endpoint points at a closed port; the queue
/// is a real Azurite queue.
/// </summary>
public sealed class AlertStorageHiccupTests
{
    [Fact]
    public async Task A_table_failure_requeues_the_alert_as_its_next_attempt_instead_of_failing_the_message()
    {
        var azurite = await AzuriteServer.Shared;
        await using var receiver = await WebhookReceiver.StartAsync();
        var queueName = "alerts-" + Guid.NewGuid().ToString("N")[..10];
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            // Tables on a port nobody listens on: every table request fails; queues work.
            ["AzureWebJobsStorage"] = AzuriteServer.ConnectionStringFor(azurite.QueuePort, FreePorts.Next()),
            ["Lookout:Alerts:QueueName"] = queueName,
            ["Lookout:Alerts:Targets:0:Url"] = receiver.Url("/json").ToString(),
            ["Lookout:Alerts:Targets:0:Format"] = "json",
            ["Lookout:Alerts:RetryFirstSeconds"] = "1",
            ["Lookout:Alerts:RetryMaxSeconds"] = "1",
        }).Build();
        await using var services = new ServiceCollection().AddLookout(configuration).BuildServiceProvider();
        var queue = new QueueClient(azurite.ConnectionString, queueName, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await queue.CreateAsync();

        var alert = new Alert(AlertRules.NewIssue, "new-issue-hiccup", "a title", "a detail", "https://lookout.example/", "csp-violation", "f", "site", 1, 1, DateTimeOffset.UtcNow);
        await services.GetRequiredService<AlertDelivery>().DeliverAsync(new AlertMessage(alert, 0).ToBytes(), CancellationToken.None);

        // Not posted (admission could not be recorded), and queued again as attempt 2, after its backoff.
        Assert.Empty(receiver.All);
        var requeued = await Pipeline.Harness.Eventually.MatchAsync(async () => (await queue.ReceiveMessagesAsync(1)).Value,
            m => m.Length == 1, TimeSpan.FromSeconds(20), "the alert queued again");
        var next = AlertMessage.Parse(requeued[0].Body.ToMemory().Span)!;
        Assert.Equal(2, next.Attempt);
        Assert.Equal(alert.Key, next.Alert.Key);
        Assert.False(next.Admitted);
    }
}
