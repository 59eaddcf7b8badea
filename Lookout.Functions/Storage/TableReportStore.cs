using Lookout.Core.Records;
using Lookout.Core.Reports;
using Lookout.Functions.Ports;
using Lookout.Storage;

namespace Lookout.Functions.Storage;

/// <summary>
/// Normalize's table writes: rows grouped by partition into entity group transactions of at most
/// 100 entities and well under the 4 MiB batch limit; one row alone goes as a single upsert.
/// </summary>
public sealed class TableReportStore(StorageClients storage) : IReportStore
{
    private const int MaxBatchEntities = 100;
    private const long MaxBatchBytes = 3 * 1024 * 1024;

    public Task UpsertAsync(IReadOnlyList<ReportRecord> records, CancellationToken cancellationToken) =>
        Task.WhenAll(Batches(records).Select(batch => batch.Count == 1
            ? storage.Table.UpsertEntityAsync(batch[0], cancellationToken)
            : storage.Table.SubmitTransactionAsync(batch, cancellationToken)));

    internal static IEnumerable<List<TableEntity>> Batches(IReadOnlyList<ReportRecord> records)
    {
        foreach (var partition in records.GroupBy(r => r.PartitionKey, StringComparer.Ordinal))
        {
            var batch = new List<TableEntity>();
            long bytes = 0;
            foreach (var record in partition)
            {
                var size = EstimateBytes(record);
                if (batch.Count == MaxBatchEntities || (batch.Count > 0 && bytes + size > MaxBatchBytes))
                {
                    yield return batch;
                    batch = [];
                    bytes = 0;
                }
                batch.Add(ToEntity(record));
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
            entity[property.Name] = property.Value.Kind == FieldKind.DateTime
                ? property.Value.AsDateTime
                : property.Value.ToObject();
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
