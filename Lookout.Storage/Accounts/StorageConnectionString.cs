using Lookout.Storage.Auth;

namespace Lookout.Storage;

/// <summary>
/// Storage connection strings: <c>UseDevelopmentStorage=true[;DevelopmentStorageProxyUri=…]</c>,
/// <c>DefaultEndpointsProtocol/AccountName/AccountKey/EndpointSuffix</c>, explicit
/// <c>QueueEndpoint</c>/<c>TableEndpoint</c>, and <c>SharedAccessSignature</c>. Keys are
/// case-insensitive; values may contain '=' (SAS tokens, base64 keys).
/// </summary>
public static class StorageConnectionString
{
    public static StorageAccount Parse(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
                throw new FormatException($"Connection string segment '{Describe(part)}' is not 'name=value'.");
            settings[part[..eq].Trim()] = part[(eq + 1)..].Trim();
        }
        string? Get(string name) => settings.TryGetValue(name, out var v) && v.Length > 0 ? v : null;

        if (string.Equals(Get("UseDevelopmentStorage"), "true", StringComparison.OrdinalIgnoreCase))
        {
            // Path-style emulator endpoints on the default ports, or on the proxy's host.
            var host = Get("DevelopmentStorageProxyUri") is { } proxy ? new Uri(proxy) : new Uri("http://127.0.0.1");
            Uri Dev(int port) => new UriBuilder(host.Scheme, host.Host, port, StorageAccount.DevelopmentAccountName).Uri;
            return StorageAccount.WithSharedKey(Dev(10001), Dev(10002),
                new StorageSharedKey(StorageAccount.DevelopmentAccountName, StorageAccount.DevelopmentAccountKey));
        }

        var accountName = Get("AccountName");
        var protocol = Get("DefaultEndpointsProtocol") ?? "https";
        var suffix = Get("EndpointSuffix") ?? "core.windows.net";
        Uri? Endpoint(string explicitName, string service)
        {
            if (Get(explicitName) is { } value)
                return new Uri(value.TrimEnd('/'), UriKind.Absolute);
            return accountName is null ? null : new Uri($"{protocol}://{accountName}.{service}.{suffix}");
        }
        var queue = Endpoint("QueueEndpoint", "queue");
        var table = Endpoint("TableEndpoint", "table");
        if (queue is null && table is null)
            throw new FormatException("The connection string names neither AccountName nor QueueEndpoint/TableEndpoint.");

        if (Get("AccountKey") is { } key)
        {
            if (accountName is null)
                throw new FormatException("The connection string has AccountKey but no AccountName.");
            return StorageAccount.WithSharedKey(queue, table, new StorageSharedKey(accountName, key));
        }
        if (Get("SharedAccessSignature") is { } sas)
            return StorageAccount.WithSas(queue, table, accountName, sas);
        throw new FormatException("The connection string has neither AccountKey nor SharedAccessSignature.");
    }

    // Never echo a whole segment: it may hold a key.
    private static string Describe(string part) => part.Length <= 24 ? part : part[..24] + "…";
}
