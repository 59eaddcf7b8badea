using Azure.Data.Tables;

namespace Lookout.Tests.Pipeline.Harness;

/// <summary>Reads the reports table the way a user would, through Microsoft's Tables SDK.</summary>
public sealed class ReportTable(TableClient table)
{
    public TableClient Client => table;

    public async Task<List<TableEntity>> AllAsync(string? filter = null)
    {
        var rows = new List<TableEntity>();
        try
        {
            await foreach (var entity in table.QueryAsync<TableEntity>(filter))
                rows.Add(entity);
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            // The app creates the table in the background at startup.
        }
        return rows;
    }

    public async Task<bool> ExistsAsync()
    {
        try
        {
            await table.QueryAsync<TableEntity>(maxPerPage: 1).AsPages().GetAsyncEnumerator().MoveNextAsync();
            return true;
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            return false;
        }
    }

    public Task<List<TableEntity>> WaitForAsync(int count, string? filter = null, TimeSpan? timeout = null) =>
        Eventually.MatchAsync(() => AllAsync(filter), rows => rows.Count >= count, timeout, $"{count} rows ({filter ?? "all"})");

    public static string SiteIs(string site) => TableClient.CreateQueryFilter($"Site eq {site}");
}
