using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Lookout.Storage.Http;

namespace Lookout.Storage;

/// <summary>
/// One table of the Table service REST API: create, exists, insert-or-replace, entity group
/// transactions of insert-or-replace operations, Get Entity and Query Entities with continuation.
/// Keys and batch limits are checked before any request; service failures surface as
/// <see cref="RequestFailedException"/>.
/// </summary>
public sealed class TableClient
{
    private const string JsonAccept = "application/json;odata=minimalmetadata";
    private readonly HttpPipeline _pipeline;
    private readonly Uri _endpoint;

    public TableClient(StorageAccount account, string name, TableClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(account);
        TableNames.ValidateTableName(name);
        Name = name;
        _endpoint = account.RequireTableEndpoint();
        _pipeline = StoragePipeline.Build(options ?? new TableClientOptions(), account, table: true, TableClientOptions.ServiceVersion);
    }

    public string Name { get; }

    /// <summary>Create Table; an existing table (409 TableAlreadyExists) is success.</summary>
    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        using var message = Create(RequestMethod.Post, "Tables");
        message.Request.Headers.SetValue("Content-Type", "application/json");
        message.Request.Headers.SetValue("Prefer", "return-no-content");
        var body = new MemoryStream();
        using (var writer = new Utf8JsonWriter(body))
        {
            writer.WriteStartObject();
            writer.WriteString("TableName", Name);
            writer.WriteEndObject();
        }
        message.Request.Content = RequestContent.Create(body.ToArray());
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (message.Response.Status == 409 && StorageErrors.FromResponse(message.Response).ErrorCode == "TableAlreadyExists")
            return;
        StorageErrors.ThrowUnless(message.Response, 201, 204);
    }

    /// <summary>True when the table answers a one-row query, false on 404.</summary>
    public async Task<bool> ExistsAsync(CancellationToken cancellationToken = default)
    {
        using var message = Create(RequestMethod.Get, Name + "()");
        message.Request.Uri.AppendQuery("$top", "1", true);
        message.Request.Uri.AppendQuery("$select", "PartitionKey", true);
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (message.Response.Status == 404)
            return false;
        StorageErrors.ThrowUnless(message.Response, 200);
        return true;
    }

    /// <summary>Insert Or Replace Entity (PUT without If-Match).</summary>
    public async Task UpsertEntityAsync(TableEntity entity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ValidateKeys(entity);
        var json = EdmValues.Serialize(entity);
        using var message = Create(RequestMethod.Put, EntityPath(Name, entity.PartitionKey, entity.RowKey));
        message.Request.Headers.SetValue("Content-Type", "application/json");
        message.Request.Headers.SetValue("Prefer", "return-no-content");
        message.Request.Content = RequestContent.Create(json);
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        StorageErrors.ThrowUnless(message.Response, 204);
    }

    /// <summary>
    /// An entity group transaction of insert-or-replace operations: 1–100 entities of one partition,
    /// distinct row keys, at most 4 MiB; all succeed or none. A failed operation throws with its own
    /// status and error code.
    /// </summary>
    public async Task SubmitTransactionAsync(IReadOnlyList<TableEntity> upserts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(upserts);
        if (upserts.Count == 0)
            throw new ArgumentException("A transaction needs at least one entity.", nameof(upserts));
        if (upserts.Count > TableBatch.MaxOperations)
            throw new ArgumentException($"A transaction holds at most {TableBatch.MaxOperations} operations; got {upserts.Count}.", nameof(upserts));
        var rowKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entity in upserts)
        {
            ValidateKeys(entity);
            if (entity.PartitionKey != upserts[0].PartitionKey)
                throw new ArgumentException("All entities of a transaction must share one PartitionKey.", nameof(upserts));
            if (!rowKeys.Add(entity.RowKey))
                throw new ArgumentException($"RowKey '{entity.RowKey}' appears twice in the transaction.", nameof(upserts));
        }
        var (contentType, body) = TableBatch.Build(_endpoint, Name, upserts);
        if (body.Length > TableBatch.MaxBodyBytes)
            throw new ArgumentException($"The transaction is {body.Length} bytes; the service accepts at most {TableBatch.MaxBodyBytes}.", nameof(upserts));

        using var message = Create(RequestMethod.Post, "$batch");
        message.Request.Headers.SetValue("Content-Type", contentType);
        message.Request.Content = RequestContent.Create(body);
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        StorageErrors.ThrowUnless(message.Response, 202);
        TableBatch.ThrowOnFailure(message.Response.Content?.ToString() ?? "");
    }

    /// <summary>Get Entity; a missing entity is a 404 <see cref="RequestFailedException"/>.</summary>
    public async Task<TableEntity> GetEntityAsync(string partitionKey, string rowKey, CancellationToken cancellationToken = default)
    {
        TableNames.ValidateKey(partitionKey, nameof(partitionKey));
        TableNames.ValidateKey(rowKey, nameof(rowKey));
        using var message = Create(RequestMethod.Get, EntityPath(Name, partitionKey, rowKey));
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        StorageErrors.ThrowUnless(message.Response, 200);
        using var document = JsonDocument.Parse(message.Response.Content.ToMemory());
        var entity = EdmValues.Deserialize(document.RootElement);
        if (message.Response.Headers.TryGetValue("ETag", out var etag))
            entity.ETag = new ETag(etag);
        return entity;
    }

    /// <summary>
    /// One page of Query Entities. The service returns at most 1,000 entities per page (and may return
    /// fewer, even none, with a continuation); <paramref name="continuationToken"/> is the token of the
    /// previous page.
    /// </summary>
    public async Task<TableQueryPage> QueryPageAsync(string? filter, int? top, IEnumerable<string>? select, string? continuationToken, CancellationToken cancellationToken = default)
    {
        if (top is < 1 or > 1000)
            throw new ArgumentOutOfRangeException(nameof(top), top, "$top must be 1 to 1000.");
        using var message = Create(RequestMethod.Get, Name + "()");
        var uri = message.Request.Uri;
        if (!string.IsNullOrEmpty(filter))
            uri.AppendQuery("$filter", filter, true);
        if (top is { } t)
            uri.AppendQuery("$top", t.ToString(CultureInfo.InvariantCulture), true);
        if (select is not null && string.Join(",", select) is { Length: > 0 } columns)
            uri.AppendQuery("$select", columns, true);
        if (continuationToken is not null)
        {
            var (nextPartition, nextRow) = ParseToken(continuationToken);
            uri.AppendQuery("NextPartitionKey", nextPartition, true);
            if (nextRow is not null)
                uri.AppendQuery("NextRowKey", nextRow, true);
        }
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        StorageErrors.ThrowUnless(message.Response, 200);

        var values = new List<TableEntity>();
        using (var document = JsonDocument.Parse(message.Response.Content.ToMemory()))
        {
            if (document.RootElement.TryGetProperty("value", out var array))
                foreach (var element in array.EnumerateArray())
                    values.Add(EdmValues.Deserialize(element));
        }
        var headers = message.Response.Headers;
        string? token = null;
        if (headers.TryGetValue("x-ms-continuation-NextPartitionKey", out var pk) && !string.IsNullOrEmpty(pk))
            token = FormatToken(pk, headers.TryGetValue("x-ms-continuation-NextRowKey", out var rk) ? rk : null);
        return new TableQueryPage { Values = values, ContinuationToken = token };
    }

    /// <summary>All entities matching <paramref name="filter"/>, page after page.</summary>
    public async IAsyncEnumerable<TableEntity> QueryAsync(string? filter = null, int? pageSize = null, IEnumerable<string>? select = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var columns = select?.ToList();
        string? token = null;
        do
        {
            var page = await QueryPageAsync(filter, pageSize, columns, token, cancellationToken).ConfigureAwait(false);
            foreach (var entity in page.Values)
                yield return entity;
            token = page.ContinuationToken;
        } while (token is not null);
    }

    /// <summary><c>table(PartitionKey='pk',RowKey='rk')</c> with quotes doubled and the keys percent-encoded.</summary>
    internal static string EntityPath(string table, string partitionKey, string rowKey) =>
        $"{table}(PartitionKey='{EscapeKey(partitionKey)}',RowKey='{EscapeKey(rowKey)}')";

    private static string EscapeKey(string key) => Uri.EscapeDataString(key.Replace("'", "''", StringComparison.Ordinal));

    // The token carries both service values; each is percent-encoded so the separator is unambiguous.
    private static string FormatToken(string partition, string? row) =>
        Uri.EscapeDataString(partition) + (row is null ? "" : " " + Uri.EscapeDataString(row));

    private static (string Partition, string? Row) ParseToken(string token)
    {
        var space = token.IndexOf(' ', StringComparison.Ordinal);
        return space < 0
            ? (Uri.UnescapeDataString(token), null)
            : (Uri.UnescapeDataString(token[..space]), Uri.UnescapeDataString(token[(space + 1)..]));
    }

    private static void ValidateKeys(TableEntity entity)
    {
        TableNames.ValidateKey(entity[TableEntity.PartitionKeyName] as string, "PartitionKey");
        TableNames.ValidateKey(entity[TableEntity.RowKeyName] as string, "RowKey");
    }

    private HttpMessage Create(RequestMethod method, string path)
    {
        var message = _pipeline.CreateMessage();
        var request = message.Request;
        request.Method = method;
        request.Uri.Reset(StoragePipeline.Append(_endpoint, path));
        request.Headers.SetValue("Accept", JsonAccept);
        request.Headers.SetValue("DataServiceVersion", "3.0");
        request.Headers.SetValue("MaxDataServiceVersion", "3.0;NetFx");
        return message;
    }
}
