using Azure.Identity;
using Lookout.Storage;

namespace Lookout.Tests.Storage;

/// <summary>Connection strings and the Functions host's identity-based settings.</summary>
public sealed class AccountSettingsTests
{
    [Fact]
    public void Development_storage_uses_path_style_local_endpoints()
    {
        var account = StorageAccount.FromConnectionString("UseDevelopmentStorage=true");
        Assert.Equal(new Uri("http://127.0.0.1:10001/devstoreaccount1"), account.QueueEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1"), account.TableEndpoint);
        Assert.Equal("devstoreaccount1", account.AccountName);
        Assert.NotNull(account.SharedKey);
    }

    [Fact]
    public void Development_storage_proxy_moves_the_host()
    {
        var account = StorageAccount.FromConnectionString("UseDevelopmentStorage=true;DevelopmentStorageProxyUri=http://azurite.local");
        Assert.Equal(new Uri("http://azurite.local:10001/devstoreaccount1"), account.QueueEndpoint);
        Assert.Equal(new Uri("http://azurite.local:10002/devstoreaccount1"), account.TableEndpoint);
    }

    [Fact]
    public void Account_key_with_default_and_custom_suffix()
    {
        var key = Convert.ToBase64String(new byte[32]);
        var account = StorageAccount.FromConnectionString($"DefaultEndpointsProtocol=https;AccountName=lookoutprod;AccountKey={key};EndpointSuffix=core.windows.net");
        Assert.Equal(new Uri("https://lookoutprod.queue.core.windows.net"), account.QueueEndpoint);
        Assert.Equal(new Uri("https://lookoutprod.table.core.windows.net"), account.TableEndpoint);
        Assert.Equal("lookoutprod", account.SharedKey!.AccountName);

        var china = StorageAccount.FromConnectionString($"accountname=cn1;accountkey={key};endpointsuffix=core.chinacloudapi.cn");
        Assert.Equal(new Uri("https://cn1.queue.core.chinacloudapi.cn"), china.QueueEndpoint);
    }

    [Fact]
    public void Explicit_endpoints_win_over_the_suffix()
    {
        var key = Convert.ToBase64String(new byte[32]);
        var account = StorageAccount.FromConnectionString(
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={key};" +
            "BlobEndpoint=http://127.0.0.1:1/devstoreaccount1;QueueEndpoint=http://127.0.0.1:2/devstoreaccount1/;TableEndpoint=http://127.0.0.1:3/devstoreaccount1;");
        Assert.Equal(new Uri("http://127.0.0.1:2/devstoreaccount1"), account.QueueEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:3/devstoreaccount1"), account.TableEndpoint);
    }

    [Fact]
    public void Shared_access_signature_keeps_its_equals_signs()
    {
        var account = StorageAccount.FromConnectionString(
            "QueueEndpoint=https://acct.queue.core.windows.net;TableEndpoint=https://acct.table.core.windows.net;SharedAccessSignature=?sv=2020-12-06&ss=qt&sig=abc%2Bdef%3D");
        Assert.Equal("sv=2020-12-06&ss=qt&sig=abc%2Bdef%3D", account.SharedAccessSignature);
        Assert.Null(account.SharedKey);
        Assert.Equal(new Uri("https://acct.queue.core.windows.net"), account.QueueEndpoint);
    }

    [Theory]
    [InlineData("AccountName=a")]
    [InlineData("AccountKey=AAAA")]
    [InlineData("garbage")]
    [InlineData("AccountName=a;AccountKey=not base64!")]
    public void Incomplete_connection_strings_are_rejected(string connectionString) =>
        Assert.ThrowsAny<Exception>(() => StorageAccount.FromConnectionString(connectionString));

    private static Func<string, string?> Settings(params (string Name, string Value)[] values)
    {
        var map = values.ToDictionary(v => v.Name, v => (string?)v.Value);
        return name => map.GetValueOrDefault(name);
    }

    [Fact]
    public void Settings_prefer_the_connection_string()
    {
        var account = StorageAccount.FromSettings(Settings(("AzureWebJobsStorage", "UseDevelopmentStorage=true"), ("AzureWebJobsStorage__accountName", "ignored")));
        Assert.Equal("devstoreaccount1", account.AccountName);
    }

    [Fact]
    public void Identity_based_account_name_uses_default_azure_credential()
    {
        var account = StorageAccount.FromSettings(Settings(("AzureWebJobsStorage__accountName", "lookoutprod")));
        Assert.Equal(new Uri("https://lookoutprod.queue.core.windows.net"), account.QueueEndpoint);
        Assert.Equal(new Uri("https://lookoutprod.table.core.windows.net"), account.TableEndpoint);
        Assert.IsType<DefaultAzureCredential>(account.Credential);
        Assert.Null(account.SharedKey);
    }

    [Fact]
    public void Identity_based_service_uris_and_managed_identity_with_client_id()
    {
        var account = StorageAccount.FromSettings(Settings(
            ("AzureWebJobsStorage__queueServiceUri", "https://q.example.net"),
            ("AzureWebJobsStorage__tableServiceUri", "https://t.example.net"),
            ("AzureWebJobsStorage__credential", "managedidentity"),
            ("AzureWebJobsStorage__clientId", "00000000-0000-0000-0000-000000000001")));
        Assert.Equal(new Uri("https://q.example.net"), account.QueueEndpoint);
        Assert.Equal(new Uri("https://t.example.net"), account.TableEndpoint);
        Assert.IsType<ManagedIdentityCredential>(account.Credential);
    }

    [Fact]
    public void Configuration_style_colon_keys_are_read_too()
    {
        // IConfiguration turns AzureWebJobsStorage__accountName from the environment into AzureWebJobsStorage:accountName.
        var account = StorageAccount.FromSettings(Settings(("AzureWebJobsStorage:accountName", "viaconfig"), ("AzureWebJobsStorage:credential", "ManagedIdentity")));
        Assert.Equal(new Uri("https://viaconfig.table.core.windows.net"), account.TableEndpoint);
        Assert.IsType<ManagedIdentityCredential>(account.Credential);
    }

    [Fact]
    public void Missing_settings_name_what_to_set()
    {
        var error = Assert.Throws<InvalidOperationException>(() => StorageAccount.FromSettings(Settings()));
        Assert.Contains("'AzureWebJobsStorage'", error.Message, StringComparison.Ordinal);
        Assert.Contains("AzureWebJobsStorage__accountName", error.Message, StringComparison.Ordinal);

        var custom = Assert.Throws<InvalidOperationException>(() => StorageAccount.FromSettings(Settings(), "MyStorage"));
        Assert.Contains("'MyStorage'", custom.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_service_uri_names_the_setting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => StorageAccount.FromSettings(Settings(("AzureWebJobsStorage__queueServiceUri", "not a uri"))));
        Assert.Contains("AzureWebJobsStorage__queueServiceUri", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Explicit_endpoints_with_a_token_credential()
    {
        var account = StorageAccount.FromEndpoints(new Uri("https://q.example.net"), null, new DefaultAzureCredential());
        Assert.NotNull(account.Credential);
        Assert.Null(account.TableEndpoint);
        Assert.Throws<InvalidOperationException>(() => new TableClient(account, "reports"));
    }
}
