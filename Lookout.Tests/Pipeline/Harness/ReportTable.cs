using Lookout.Storage;

namespace Lookout.Tests.Pipeline.Harness;

/// <summary>Reads the reports table the way a user would: by partition, through the storage client.</summary>
public sealed class ReportTable(TableClient table)
{
    public TableClient Client => table;

    public async Task<List<TableEntity>> AllAsync(string? filter = null)
    {
        var rows = new List<TableEntity>();
        try
        {
            await foreach (var entity in table.QueryAsync(filter))
                rows.Add(entity);
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            // The app creates the table in the background at startup.
        }
        return rows;
    }

    public Task<List<TableEntity>> WaitForAsync(int count, string? filter = null, TimeSpan? timeout = null) =>
        Eventually.MatchAsync(() => AllAsync(filter), rows => rows.Count >= count, timeout, $"{count} rows ({filter ?? "all"})");
}
