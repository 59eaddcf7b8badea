using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Lookout.Storage.Auth;

namespace Lookout.Storage;

/// <summary>
/// Where the queue and table services are and how to authorize against them: a shared key, a SAS
/// token or an Entra ID token credential. Built from a connection string or from the Functions
/// host's settings (<see cref="FromSettings"/>).
/// </summary>
public sealed class StorageAccount
{
    /// <summary>The Entra ID scope for Azure Storage data-plane tokens.</summary>
    public const string StorageScope = "https://storage.azure.com/.default";

    /// <summary>The emulator's well-known account (public, documented; not a secret).</summary>
    public const string DevelopmentAccountName = "devstoreaccount1";

    /// <summary>The emulator's well-known key (public, documented; not a secret).</summary>
    public const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private StorageAccount(Uri? queueEndpoint, Uri? tableEndpoint, string? accountName)
    {
        QueueEndpoint = queueEndpoint;
        TableEndpoint = tableEndpoint;
        AccountName = accountName;
    }

    /// <summary>The queue service root (path-style for the emulator: <c>http://127.0.0.1:10001/devstoreaccount1</c>).</summary>
    public Uri? QueueEndpoint { get; }

    /// <summary>The table service root.</summary>
    public Uri? TableEndpoint { get; }

    /// <summary>The account name, when known (always with a shared key).</summary>
    public string? AccountName { get; }

    /// <summary>Shared key credentials, when the connection string has an account key.</summary>
    public StorageSharedKey? SharedKey { get; private init; }

    /// <summary>A SAS token (without leading '?'), when the connection string has one.</summary>
    public string? SharedAccessSignature { get; private init; }

    /// <summary>An Entra ID credential, for identity-based settings.</summary>
    public TokenCredential? Credential { get; private init; }

    /// <summary>Which Table scheme shared-key requests use; SharedKey by default, SharedKeyLite is also accepted.</summary>
    public SharedKeyScheme TableSigning { get; private init; } = SharedKeyScheme.Table;

    /// <summary>A copy whose Table requests use <paramref name="scheme"/> (SharedKey or SharedKeyLite).</summary>
    public StorageAccount WithTableSigning(SharedKeyScheme scheme)
    {
        if (scheme == SharedKeyScheme.BlobQueue)
            throw new ArgumentException("Table requests are signed with SharedKey (Table) or SharedKeyLite.", nameof(scheme));
        return new StorageAccount(QueueEndpoint, TableEndpoint, AccountName)
        {
            SharedKey = SharedKey,
            SharedAccessSignature = SharedAccessSignature,
            Credential = Credential,
            TableSigning = scheme,
        };
    }

    /// <summary>Parses a storage connection string (see <see cref="StorageConnectionString"/>).</summary>
    public static StorageAccount FromConnectionString(string connectionString) => StorageConnectionString.Parse(connectionString);

    /// <summary>Token-based access to explicit service endpoints.</summary>
    public static StorageAccount FromEndpoints(Uri? queueEndpoint, Uri? tableEndpoint, TokenCredential credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        if (queueEndpoint is null && tableEndpoint is null)
            throw new ArgumentException("At least one service endpoint is required.");
        return new StorageAccount(queueEndpoint, tableEndpoint, null) { Credential = credential };
    }

    internal static StorageAccount WithSharedKey(Uri? queue, Uri? table, StorageSharedKey key) =>
        new(queue, table, key.AccountName) { SharedKey = key };

    internal static StorageAccount WithSas(Uri? queue, Uri? table, string? accountName, string sas) =>
        new(queue, table, accountName) { SharedAccessSignature = sas.TrimStart('?') };

    /// <summary>
    /// Reads the storage connection as the Functions host does: <c>{prefix}</c> as a connection string,
    /// otherwise the identity-based <c>{prefix}__accountName</c> / <c>__queueServiceUri</c> /
    /// <c>__tableServiceUri</c> with <c>__credential</c> (<c>managedidentity</c>, optional <c>__clientId</c>)
    /// or else <see cref="DefaultAzureCredential"/>. <paramref name="read"/> may be an IConfiguration
    /// indexer: both the <c>__</c> and the <c>:</c> spelling of section keys are tried.
    /// </summary>
    public static StorageAccount FromSettings(Func<string, string?> read, string prefix = "AzureWebJobsStorage")
    {
        ArgumentNullException.ThrowIfNull(read);
        var connectionString = read(prefix);
        if (!string.IsNullOrWhiteSpace(connectionString))
            return FromConnectionString(connectionString);

        string? Setting(string name)
        {
            var value = read($"{prefix}__{name}");
            if (string.IsNullOrWhiteSpace(value))
                value = read($"{prefix}:{name}");
            return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        }

        var accountName = Setting("accountName");
        var queueUri = Setting("queueServiceUri");
        var tableUri = Setting("tableServiceUri");
        if (accountName is null && queueUri is null && tableUri is null)
            throw new InvalidOperationException(
                $"Storage is not configured: set '{prefix}' to a connection string, or '{prefix}__accountName' " +
                $"(or '{prefix}__queueServiceUri' and '{prefix}__tableServiceUri') for identity-based access.");

        var queue = queueUri is not null ? ParseUri(queueUri, $"{prefix}__queueServiceUri")
            : accountName is not null ? new Uri($"https://{accountName}.queue.core.windows.net") : null;
        var table = tableUri is not null ? ParseUri(tableUri, $"{prefix}__tableServiceUri")
            : accountName is not null ? new Uri($"https://{accountName}.table.core.windows.net") : null;
        return new StorageAccount(queue, table, accountName) { Credential = CreateCredential(Setting) };
    }

    private static TokenCredential CreateCredential(Func<string, string?> setting)
    {
        var clientId = setting("clientId");
        if (string.Equals(setting("credential"), "managedidentity", StringComparison.OrdinalIgnoreCase))
            return new ManagedIdentityCredential(clientId is null
                ? ManagedIdentityId.SystemAssigned
                : ManagedIdentityId.FromUserAssignedClientId(clientId));
        var tenantId = setting("tenantId");
        var secret = setting("clientSecret");
        if (tenantId is not null && clientId is not null && secret is not null)
            return new ClientSecretCredential(tenantId, clientId, secret);
        return new DefaultAzureCredential(new DefaultAzureCredentialOptions
        {
            ManagedIdentityClientId = clientId,
            WorkloadIdentityClientId = clientId,
        });
    }

    private static Uri ParseUri(string value, string setting) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri
            : throw new InvalidOperationException($"Setting '{setting}' is not an absolute http(s) URI: '{value}'.");

    /// <summary>The per-retry authorization policy for a service (Queue uses SharedKey, Table <see cref="TableSigning"/>).</summary>
    internal HttpPipelinePolicy AuthorizationPolicy(bool table)
    {
        if (SharedKey is not null)
            return new SharedKeyPolicy(SharedKey, table ? TableSigning : SharedKeyScheme.BlobQueue);
        if (SharedAccessSignature is not null)
            return new SasPolicy(SharedAccessSignature);
        if (Credential is not null)
            return new BearerTokenAuthenticationPolicy(Credential, StorageScope);
        throw new InvalidOperationException("The storage account has no credentials.");
    }

    internal Uri RequireQueueEndpoint() => QueueEndpoint ?? throw new InvalidOperationException("The storage account has no queue endpoint.");

    internal Uri RequireTableEndpoint() => TableEndpoint ?? throw new InvalidOperationException("The storage account has no table endpoint.");
}
