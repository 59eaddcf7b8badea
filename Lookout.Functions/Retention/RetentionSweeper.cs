using Lookout.Core.Records;
using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Lookout.Core.Formats.Kinds;
using Lookout.Core.Reports;
using Lookout.Functions.Normalize;
using Lookout.Functions.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lookout.Functions.Retention;

/// <param name="FirstKeptDay">The oldest UTC day kept (yyyy-MM-dd); null when retention is off.</param>
/// <param name="AlertEntities">Alert bookkeeping deleted: raised markers, throttle windows, held-back and delivered alerts.</param>
public readonly record struct RetentionResult(string? FirstKeptDay, long ReportRows, long DigestEntities, long AlertEntities = 0);

/// <summary>
/// Deletes report rows and digest entities of UTC days before the last <see cref="LookoutOptions.RetentionDays"/>,
/// reading only what it deletes: every query is a PartitionKey range (the day is in every PartitionKey), never a
/// scan of the kept data. Report partitions are <c>&lt;type&gt;_&lt;day&gt;</c>, so it queries one range per type:
/// every registered kind's slug, <c>unknown</c>, and every type the expired digest entities name (the digest counts
/// every report, so a type no kind declares is found there too). Digest entities go last, so a run cut short
/// still finds the types next time. Deletes go in entity group transactions of ≤100 per partition, page by page.
/// An issue's issue-level entity (first seen ever, partition <c>issue</c>) goes once its last day is gone: one
/// query over that partition, filtered on <c>LastDay</c>. The alerts table's bookkeeping (docs/alerts.md) has no day in
/// its keys; it is small (at most the alerts raised and held back), so its old entities go by one query on <c>Timestamp</c>.
/// </summary>
public sealed class RetentionSweeper(StorageClients storage, ReportKinds kinds, IOptions<LookoutOptions> options, TimeProvider time, ILogger<RetentionSweeper> logger)
{
    private const int PageSize = 1000;

    public async Task<RetentionResult> RunAsync(CancellationToken cancellationToken)
    {
        var days = options.Value.RetentionDays;
        if (days <= 0)
        {
            logger.LogInformation("Retention is off (Lookout__RetentionDays = {Days}); nothing deleted", days);
            return new RetentionResult(null, 0, 0);
        }
        var firstKeptDay = UtcDay.Today(time).AddDays(-(days - 1));
        var firstKept = firstKeptDay.ToString();
        var expiredDigest = TableClient.CreateQueryFilter($"PartitionKey lt {firstKept}");

        var types = new SortedSet<string>(kinds.All.Select(k => k.Slug), StringComparer.Ordinal) { ReportTypes.Unknown };
        await foreach (var entity in QueryAsync(storage.Issues, expiredDigest, [DigestColumns.Type], cancellationToken))
            if (entity.GetString(DigestColumns.Type) is { Length: > 0 } type)
                types.Add(type);

        long rows = 0;
        foreach (var type in types)
        {
            // "<type>_" up to "<type>_<first kept day>": slugs hold no '_', so the range is exactly this type's old days.
            var filter = TableClient.CreateQueryFilter($"PartitionKey ge {type + "_"} and PartitionKey lt {type + "_" + firstKept}");
            rows += await DeleteAsync(storage.Table, filter, cancellationToken);
        }
        var issues = await DeleteAsync(storage.Issues, expiredDigest + " and " + DigestColumns.IssuesOnly, cancellationToken);
        // The days' count markers (one per queue message counted) go with them, counted apart: they are no issues.
        var markers = await DeleteAsync(storage.Issues, expiredDigest + " and " + DigestColumns.MarkersOnly, cancellationToken);
        // Issue-level entities (first seen ever) go with the last day their issue was seen.
        issues += await DeleteAsync(storage.Issues, TableClient.CreateQueryFilter(
            $"PartitionKey eq {DigestColumns.FirstSeenPartition} and LastDay lt {firstKept}"), cancellationToken);
        // Policy texts likewise go with the last day a report carried them.
        issues += await DeleteAsync(storage.Issues, TableClient.CreateQueryFilter(
            $"PartitionKey eq {PolicyColumns.Partition} and LastDay lt {firstKept}"), cancellationToken);
        logger.LogInformation("Retention deleted {Rows} report rows and {Issues} digest entities ({Markers} count markers besides) of days before {FirstKept} ({Days} days kept)",
            rows, issues, markers, firstKept, days);
        // Every alert rule looks back at most 7 days and a throttle window is an hour: older bookkeeping is never read again.
        var alerts = await AlertsTableExistsAsync(cancellationToken)
            ? await DeleteAsync(storage.Alerts, TableClient.CreateQueryFilter($"Timestamp lt {firstKeptDay.Start}"), cancellationToken)
            : 0;
        if (alerts > 0)
            logger.LogInformation("Retention deleted {Alerts} alert bookkeeping entities written before {FirstKept}", alerts, firstKept);
        return new RetentionResult(firstKept, rows, issues, alerts);
    }

    // Asked of the table list, so a deployment without alerts logs no 404 for a table it never made.
    private async Task<bool> AlertsTableExistsAsync(CancellationToken cancellationToken)
    {
        await foreach (var _ in storage.Tables.QueryAsync(TableServiceClient.CreateQueryFilter($"TableName eq {storage.Alerts.Name}"), cancellationToken: cancellationToken))
            return true;
        return false;
    }

    private static async IAsyncEnumerable<TableEntity> QueryAsync(TableClient table, string filter, string[] select,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pages = table.QueryAsync<TableEntity>(filter, PageSize, select, cancellationToken).AsPages().GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                try
                {
                    if (!await pages.MoveNextAsync())
                        yield break;
                }
                catch (RequestFailedException e) when (e.Status == 404)
                {
                    yield break; // no table yet: nothing to delete
                }
                foreach (var entity in pages.Current.Values)
                    yield return entity;
            }
        }
        finally
        {
            await pages.DisposeAsync();
        }
    }

    /// <summary>Deletes what the filter matches, a page at a time (the continuation stays valid: it points past the page).</summary>
    private static async Task<long> DeleteAsync(TableClient table, string filter, CancellationToken cancellationToken)
    {
        long deleted = 0;
        var page = new List<TableEntity>(PageSize);
        await foreach (var entity in QueryAsync(table, filter, ["PartitionKey", "RowKey"], cancellationToken))
        {
            page.Add(entity);
            if (page.Count == PageSize)
            {
                deleted += await DeletePageAsync(table, page, cancellationToken);
                page.Clear();
            }
        }
        return deleted + await DeletePageAsync(table, page, cancellationToken);
    }

    private static async Task<long> DeletePageAsync(TableClient table, List<TableEntity> page, CancellationToken cancellationToken)
    {
        var batches = page.GroupBy(e => e.PartitionKey, StringComparer.Ordinal).SelectMany(p => p.Chunk(TableReportStore.MaxBatchActions));
        var counts = await Task.WhenAll(batches.Select(batch => DeleteBatchAsync(table, batch, cancellationToken)));
        return counts.Sum();
    }

    private static async Task<long> DeleteBatchAsync(TableClient table, TableEntity[] batch, CancellationToken cancellationToken)
    {
        try
        {
            if (batch.Length > 1)
            {
                await table.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(TableTransactionActionType.Delete, e, ETag.All)), cancellationToken);
                return batch.Length;
            }
        }
        catch (TableTransactionFailedException e) when (e.Status == 404)
        {
            // Another run (or instance) deleted one of them first: delete the rest one by one.
        }
        long deleted = 0;
        foreach (var entity in batch)
        {
            try
            {
                var response = await table.DeleteEntityAsync(entity.PartitionKey, entity.RowKey, ETag.All, cancellationToken);
                if (response.Status != 404)
                    deleted++;
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
            }
        }
        return deleted;
    }
}
