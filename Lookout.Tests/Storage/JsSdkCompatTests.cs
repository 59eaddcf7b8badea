using System.Text;
using System.Text.Json;
using Lookout.Storage;
using Lookout.Tests.Support;

namespace Lookout.Tests.Storage;

/// <summary>
/// Wire compatibility with clients nobody here wrote: the official JavaScript SDKs
/// (@azure/data-tables, @azure/storage-queue) read what our client writes and the reverse.
/// </summary>
public sealed class JsSdkCompatTests
{
    private static async Task<(AzuriteServer Azurite, StorageAccount Account)> EnvAsync()
    {
        var azurite = await AzuriteServer.Shared;
        return (azurite, StorageAccount.FromConnectionString(azurite.ConnectionString));
    }

    private static object Conn(AzuriteServer azurite, string endpoint) =>
        new { endpoint, account = azurite.AccountName, key = azurite.AccountKey };

    // With disableTypeConversion the SDK gives { value, type } for typed values and plain JSON for the rest.
    private static string Value(JsonElement entity, string name, string expectedType)
    {
        Assert.True(entity.TryGetProperty(name, out var property), $"{name} missing in {entity}");
        if (property.ValueKind == JsonValueKind.Object)
        {
            Assert.Equal(expectedType, property.GetProperty("type").GetString());
            return property.GetProperty("value").GetString()!;
        }
        var (kind, text) = property.ValueKind switch
        {
            JsonValueKind.String => ("String", property.GetString()!),
            JsonValueKind.True or JsonValueKind.False => ("Boolean", property.GetRawText()),
            _ => (property.GetRawText().Contains('.', StringComparison.Ordinal) ? "Double" : "Int32", property.GetRawText()),
        };
        Assert.True(expectedType == kind, $"{name}: expected {expectedType}, JSON {property.GetRawText()}");
        return text;
    }

    [Fact]
    public async Task Entities_we_write_are_read_exactly_by_azure_data_tables()
    {
        var (azurite, account) = await EnvAsync();
        var table = new TableClient(account, StorageTestEnv.TableName());
        await table.CreateIfNotExistsAsync();
        const string pk = "pk 日本 'x'", rk = "rk 👋 <&>";
        await table.SubmitTransactionAsync([TableClientTests.Typed(pk, rk), TableClientTests.Typed(pk, "other")]);

        var read = await NodeSdk.RunAsync("tables.mjs", new
        {
            op = "read", endpoint = azurite.TableEndpoint, account = azurite.AccountName, key = azurite.AccountKey,
            table = table.Name, partitionKey = pk, rowKey = rk,
        });
        Assert.Equal(pk, Value(read, "partitionKey", "String"));
        Assert.Equal(rk, Value(read, "rowKey", "String"));
        Assert.Equal(StorageTestEnv.Tricky, Value(read, "Text", "String"));
        Assert.Equal((long.MaxValue - 1).ToString(System.Globalization.CultureInfo.InvariantCulture), Value(read, "Big", "Int64"));
        Assert.Equal("-9007199254740993", Value(read, "Negative", "Int64"));
        Assert.Equal("42", Value(read, "Small", "Int32"));
        Assert.Equal(0.1 + 0.2, double.Parse(Value(read, "Ratio", "Double"), System.Globalization.CultureInfo.InvariantCulture));
        // JSON has one number type and the service annotates no Double: the JS SDK infers Int32 for a whole
        // number (its own rule for un-annotated numbers), so only the value can be checked here.
        var whole = read.GetProperty("Whole").GetProperty("value").GetString()!;
        Assert.Equal(2.0, double.Parse(whole, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("true", Value(read, "Flag", "Boolean"));
        Assert.Equal("2026-11-22T23:59:59.1234567Z", Value(read, "When", "DateTime"));
        Assert.Equal("2001-02-03T04:05:06.0000007Z", Value(read, "Plain", "DateTime"));
        Assert.Equal("0f8fad5b-d9cb-469f-a165-70867728950e", Value(read, "Id", "Guid"));
        Assert.Equal(Convert.ToBase64String(new byte[] { 0, 1, 2, 250, 255 }), Value(read, "Bytes", "Binary"));
    }

    [Fact]
    public async Task Entities_azure_data_tables_writes_are_read_exactly_by_our_client()
    {
        var (azurite, account) = await EnvAsync();
        var name = StorageTestEnv.TableName();
        const string pk = "js 中文", rk = "row é'\"";
        await NodeSdk.RunAsync("tables.mjs", new
        {
            op = "write", endpoint = azurite.TableEndpoint, account = azurite.AccountName, key = azurite.AccountKey,
            table = name, partitionKey = pk, rowKey = rk,
            entity = new
            {
                Text = StorageTestEnv.Tricky, Big = "9223372036854775806", Small = 42, Ratio = 0.1 + 0.2, Whole = 2.0,
                Flag = true, When = "2026-11-22T23:59:59.1234567Z", Id = "0f8fad5b-d9cb-469f-a165-70867728950e",
                Bytes = Convert.ToBase64String(new byte[] { 0, 1, 2, 250, 255 }),
            },
        });

        var entity = await new TableClient(account, name).GetEntityAsync(pk, rk);
        Assert.Equal(StorageTestEnv.Tricky, entity.GetString("Text"));
        Assert.Equal(long.MaxValue - 1, entity.GetInt64("Big"));
        Assert.Equal(42, entity["Small"]);
        Assert.Equal(0.1 + 0.2, entity["Ratio"]);
        Assert.Equal(2.0, entity["Whole"]);
        Assert.Equal(true, entity["Flag"]);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 23, 59, 59, TimeSpan.Zero).AddTicks(1234567), entity["When"]);
        Assert.Equal(Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), entity["Id"]);
        Assert.Equal(new byte[] { 0, 1, 2, 250, 255 }, entity.GetBinary("Bytes"));
    }

    [Theory]
    [InlineData(QueueMessageEncoding.Base64)]
    [InlineData(QueueMessageEncoding.None)]
    public async Task Messages_we_send_are_received_by_azure_storage_queue(QueueMessageEncoding encoding)
    {
        var (azurite, account) = await EnvAsync();
        var queue = new QueueClient(account, StorageTestEnv.QueueName(), new QueueClientOptions { MessageEncoding = encoding });
        await queue.CreateIfNotExistsAsync();
        var texts = new[] { StorageTestEnv.TrickySingleLine, "{\"json\":[1,2,3]}", "plain" };
        foreach (var text in texts)
            await queue.SendMessageAsync(BinaryData.FromString(text));

        var received = await NodeSdk.RunAsync("queues.mjs", new
        {
            op = "receive", endpoint = azurite.QueueEndpoint, account = azurite.AccountName, key = azurite.AccountKey, queue = queue.Name,
        });
        var got = received.EnumerateArray().Select(m => m.GetProperty("messageText").GetString()!).ToList();
        // The JS SDK stores and returns text as is: with Base64 it sees base64 that decodes to our bytes.
        var decoded = encoding == QueueMessageEncoding.Base64
            ? got.Select(t => Encoding.UTF8.GetString(Convert.FromBase64String(t))).ToList()
            : got;
        Assert.Equal(texts.Order(StringComparer.Ordinal), decoded.Order(StringComparer.Ordinal));
        Assert.All(received.EnumerateArray(), m => Assert.Equal(1, m.GetProperty("dequeueCount").GetInt32()));
        Assert.Equal(0, await queue.GetApproximateMessageCountAsync());
    }

    [Theory]
    [InlineData(QueueMessageEncoding.Base64)]
    [InlineData(QueueMessageEncoding.None)]
    public async Task Messages_azure_storage_queue_sends_are_received_by_our_client(QueueMessageEncoding encoding)
    {
        var (azurite, account) = await EnvAsync();
        var name = StorageTestEnv.QueueName();
        var originals = new[] { StorageTestEnv.TrickySingleLine, "second <&>" };
        // A JS producer that wants a Base64 consumer (like the Functions trigger) sends base64 text itself.
        var sent = encoding == QueueMessageEncoding.Base64
            ? originals.Select(t => Convert.ToBase64String(Encoding.UTF8.GetBytes(t))).ToArray()
            : originals;
        await NodeSdk.RunAsync("queues.mjs", new
        {
            op = "send", endpoint = azurite.QueueEndpoint, account = azurite.AccountName, key = azurite.AccountKey, queue = name, texts = sent,
        });

        var queue = new QueueClient(account, name, new QueueClientOptions { MessageEncoding = encoding });
        var messages = await queue.ReceiveMessagesAsync(32);
        Assert.Equal(originals.Order(StringComparer.Ordinal), messages.Select(m => m.Body.ToString()).Order(StringComparer.Ordinal));
        Assert.Equal(sent.Order(StringComparer.Ordinal), messages.Select(m => m.MessageText).Order(StringComparer.Ordinal));
    }
}
