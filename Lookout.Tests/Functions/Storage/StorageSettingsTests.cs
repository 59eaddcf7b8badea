using Lookout.Functions.Hosting;
using Lookout.Functions.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Lookout.Tests.Hosting;

/// <summary>The AzureWebJobsStorage settings, in each form the Functions host accepts, give the SDK clients the right endpoints.</summary>
public class StorageSettingsTests
{
    private static StorageClients Clients(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key.Replace("__", ":", StringComparison.Ordinal), s.Value)))
            .Build();
        var services = new ServiceCollection().AddLogging().AddLookout(configuration).BuildServiceProvider();
        return services.GetRequiredService<StorageClients>();
    }

    [Fact]
    public void Development_storage_connection_string_points_at_the_local_emulator()
    {
        var clients = Clients(("AzureWebJobsStorage", "UseDevelopmentStorage=true"));
        Assert.Equal("http://127.0.0.1:10001/devstoreaccount1/lookout-raw", clients.Queue.Uri.AbsoluteUri);
        Assert.Equal("lookout-raw-poison", clients.PoisonQueue.Name);
        Assert.Equal("reports", clients.Table.Name);
        Assert.Equal("http://127.0.0.1:10002/devstoreaccount1", clients.Tables.Uri.AbsoluteUri.TrimEnd('/'));
    }

    [Fact]
    public void Account_name_alone_means_identity_based_access_on_the_public_endpoints()
    {
        var clients = Clients(("AzureWebJobsStorage__accountName", "lookoutdata"), ("AzureWebJobsStorage__credential", "managedidentity"),
            ("Lookout__QueueName", "raw-test"));
        Assert.Equal("https://lookoutdata.queue.core.windows.net/raw-test", clients.Queue.Uri.AbsoluteUri);
        Assert.Equal("raw-test-poison", clients.PoisonQueue.Name);
        Assert.Equal("https://lookoutdata.table.core.windows.net/", clients.Tables.Uri.AbsoluteUri);
    }

    [Fact]
    public void Explicit_service_uris_win_over_the_account_name()
    {
        var clients = Clients(("AzureWebJobsStorage__accountName", "ignored"),
            ("AzureWebJobsStorage__queueServiceUri", "https://queues.example.net/"),
            ("AzureWebJobsStorage__tableServiceUri", "https://tables.example.net/"));
        Assert.Equal("https://queues.example.net/lookout-raw", clients.Queue.Uri.AbsoluteUri);
        Assert.Equal("tables.example.net", clients.Tables.Uri.Host);
    }

    [Fact]
    public void No_storage_setting_fails_with_a_message_that_says_what_to_set()
    {
        var e = Assert.ThrowsAny<Exception>(() => Clients(("Lookout__TableName", "x")));
        var message = e is InvalidOperationException ? e.Message : e.InnerException?.Message ?? e.Message;
        Assert.Contains("AzureWebJobsStorage", message);
        Assert.Contains("accountName", message);
    }
}
