using Azure.Data.Tables;
using Lookout.Core.Records;
using Lookout.Core.Reports;
using Lookout.Functions.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lookout.Functions.Storage;

/// <summary>
/// Normalize's table writes: rows grouped by partition into entity group transactions of at most
/// 100 actions and well under the 4 MiB batch limit; one row alone goes as a single upsert. Upserts
/// replace, so a retried message rewrites its rows exactly. A missing table is recreated here, where the
/// write fails, so it works under the Functions host too (Normalize's own code path).
/// </summary>
public sealed class TableReportStore(StorageClients storage, IOptions<LookoutOptions> options, ILogger<TableReportStore> logger) : IReportStore
{
    internal const int MaxBatchActions = 100;
    private const long MaxBatchBytes = 3 * 1024 * 1024;

    public async Task UpsertAsync(IReadOnlyList<ReportRecord> records, CancellationToken cancellationToken)
    {
        try
        {
            await WriteAsync(records, cancellationToken);
        }
        catch (Exception e) when (MissingResource.IsMissing(e))
        {
            if (!options.Value.CreateResources)
                throw new StorageResourceMissingException(storage.Table.Name, e);
            logger.LogWarning("Table {Table} is missing; creating it again", storage.Table.Name);
            try
            {
                await storage.Table.CreateIfNotExistsAsync(cancellationToken);
            }
            catch (Exception c) when (MissingResource.IsBeingDeleted(c))
            {
                throw new StorageResourceMissingException(storage.Table.Name, c);
            }
            await WriteAsync(records, cancellationToken);
        }
    }

    private Task WriteAsync(IReadOnlyList<ReportRecord> records, CancellationToken cancellationToken) =>
        Task.WhenAll(Batches(records).Select(batch => batch.Count == 1
            ? (Task)storage.Table.UpsertEntityAsync(batch[0].Entity, TableUpdateMode.Replace, cancellationToken)
            : storage.Table.SubmitTransactionAsync(batch, cancellationToken)));

    internal static IEnumerable<List<TableTransactionAction>> Batches(IReadOnlyList<ReportRecord> records)
    {
        foreach (var partition in records.GroupBy(r => r.PartitionKey, StringComparer.Ordinal))
        {
            var batch = new List<TableTransactionAction>();
            long bytes = 0;
            foreach (var record in partition)
            {
                var size = EstimateBytes(record);
                if (batch.Count == MaxBatchActions || (batch.Count > 0 && bytes + size > MaxBatchBytes))
                {
                    yield return batch;
                    batch = [];
                    bytes = 0;
                }
                batch.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(record)));
                bytes += size;
            }
            if (batch.Count > 0)
                yield return batch;
        }
    }

    internal static TableEntity ToEntity(ReportRecord record)
    {
        var entity = new TableEntity(record.PartitionKey, record.RowKey);
        foreach (var property in record.Properties)
            entity[property.Name] = property.Value.ToObject();
        return entity;
    }

    // JSON-escaped UTF-8 of a string takes at most 6 bytes per UTF-16 unit, so this never underestimates.
    private static long EstimateBytes(ReportRecord record)
    {
        long bytes = 256 + record.PartitionKey.Length + record.RowKey.Length;
        foreach (var property in record.Properties)
            bytes += 64 + property.Name.Length + (property.Value.Kind == FieldKind.String ? property.Value.AsString.Length * 6L : 32);
        return bytes;
    }
}
