using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Lookout.Functions.Storage;

/// <summary>
/// Registers the Azure SDK clients from the <c>AzureWebJobsStorage</c> settings, read the way the Functions
/// host reads them: a connection string as the value (<c>UseDevelopmentStorage=true</c> included), or the
/// identity-based children <c>accountName</c> / <c>queueServiceUri</c> / <c>tableServiceUri</c> with
/// <c>credential</c> / <c>clientId</c>, which Microsoft.Extensions.Azure turns into a TokenCredential.
/// </summary>
public static class StorageRegistration
{
    public const string ConnectionName = "AzureWebJobsStorage";

    /// <summary>Client name of the raw queue as Ingest uses it: a browser is waiting, so retries are short.</summary>
    internal const string Quick = "quick";

    public static IServiceCollection AddLookoutStorage(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(ConnectionName);
        services.AddAzureClients(clients =>
        {
            if (!string.IsNullOrWhiteSpace(settings.Value))
            {
                var connectionString = settings.Value;
                clients.AddQueueServiceClient(connectionString).ConfigureOptions(o => Base64(o));
                clients.AddQueueServiceClient(connectionString).WithName(Quick).ConfigureOptions(o => Shorten(Base64(o)));
                clients.AddTableServiceClient(connectionString);
                clients.AddTableServiceClient(connectionString).WithName(Quick).ConfigureOptions(o => Shorten(o));
            }
            else
            {
                var queueUri = ServiceUri(settings, "queue");
                var tableUri = ServiceUri(settings, "table");
                clients.AddQueueServiceClient(queueUri).WithCredential(Credential).ConfigureOptions(o => Base64(o));
                clients.AddQueueServiceClient(queueUri).WithName(Quick).WithCredential(Credential).ConfigureOptions(o => Shorten(Base64(o)));
                clients.AddTableServiceClient(tableUri).WithCredential(Credential);
                clients.AddTableServiceClient(tableUri).WithName(Quick).WithCredential(Credential).ConfigureOptions(o => Shorten(o));
            }
        });
        // One credential for all clients (one token cache): __credential=managedidentity with __clientId gives a
        // ManagedIdentityCredential; without them the factory's default, DefaultAzureCredential.
        services.AddSingleton(provider => new StorageCredential(provider.GetRequiredService<AzureComponentFactory>().CreateTokenCredential(settings)));
        services.AddSingleton<StorageClients>();
        return services;
    }

    private static TokenCredential Credential(IServiceProvider provider) => provider.GetRequiredService<StorageCredential>().Value;

    /// <summary><c>__queueServiceUri</c> (or <c>__tableServiceUri</c>), else the public endpoint of <c>__accountName</c>.</summary>
    internal static Uri ServiceUri(IConfigurationSection settings, string service)
    {
        if (settings[service + "ServiceUri"] is { Length: > 0 } explicitUri)
            return new Uri(explicitUri);
        if (settings["accountName"] is { Length: > 0 } account)
            return new Uri($"https://{account}.{service}.core.windows.net");
        throw new InvalidOperationException(
            $"Storage is not configured: set {ConnectionName} to a connection string (UseDevelopmentStorage=true for Azurite), " +
            $"or {ConnectionName}__accountName (or __{service}ServiceUri) for identity-based access.");
    }

    // The queue trigger decodes base64 by default (host.json messageEncoding); the SDK's default is none.
    private static QueueClientOptions Base64(QueueClientOptions options)
    {
        options.MessageEncoding = QueueMessageEncoding.Base64;
        return options;
    }

    private static T Shorten<T>(T options) where T : ClientOptions
    {
        options.Retry.MaxRetries = 1;
        options.Retry.Delay = TimeSpan.FromMilliseconds(100);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(400);
        // Longer than a busy emulator or account needs to answer, shorter than Ingest's enqueue deadline (5 s):
        // a retry after a timeout may duplicate a message the service did store.
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(4);
        return options;
    }
}

/// <summary>The token credential of identity-based storage access, shared by every storage client.</summary>
internal sealed record StorageCredential(TokenCredential Value);
