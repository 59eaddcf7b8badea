using Azure;
using Lookout.Storage;

namespace Lookout.Tests.Storage;

/// <summary>Every table operation against a real Azurite over HTTP.</summary>
public sealed class TableClientTests
{
    private static async Task<TableClient> NewTableAsync()
    {
        var table = new TableClient(await StorageTestEnv.AccountAsync(), StorageTestEnv.TableName());
        await table.CreateIfNotExistsAsync();
        return table;
    }

    /// <summary>One entity with every supported type, including values that lose precision when handled carelessly.</summary>
    internal static TableEntity Typed(string pk, string rk)
    {
        var entity = new TableEntity(pk, rk)
        {
            ["Text"] = StorageTestEnv.Tricky,
            ["Big"] = long.MaxValue - 1,
            ["Negative"] = -9007199254740993L,
            ["Small"] = 42,
            ["Ratio"] = 0.1 + 0.2,
            ["Whole"] = 2.0,
            ["Flag"] = true,
            ["Off"] = false,
            ["When"] = new DateTimeOffset(2026, 11, 22, 23, 59, 59, TimeSpan.Zero).AddTicks(1234567),
            ["Plain"] = new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc).AddTicks(7),
            ["Id"] = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"),
            ["Bytes"] = new byte[] { 0, 1, 2, 250, 255 },
            ["Empty"] = "",
        };
        return entity;
    }

    internal static void AssertTyped(TableEntity entity)
    {
        Assert.Equal(StorageTestEnv.Tricky, entity.GetString("Text"));
        Assert.Equal(long.MaxValue - 1, entity.GetInt64("Big"));
        Assert.Equal(-9007199254740993L, entity.GetInt64("Negative"));
        Assert.Equal(42, entity.GetInt32("Small"));
        Assert.Equal(42L, entity.GetInt64("Small"));
        Assert.Equal(0.1 + 0.2, entity.GetDouble("Ratio"));
        Assert.Equal(2.0, entity.GetDouble("Whole"));
        Assert.IsType<double>(entity["Whole"]);
        Assert.True(entity.GetBoolean("Flag"));
        Assert.False(entity.GetBoolean("Off"));
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 23, 59, 59, TimeSpan.Zero).AddTicks(1234567), entity.GetDateTimeOffset("When"));
        Assert.Equal(new DateTimeOffset(2001, 2, 3, 4, 5, 6, TimeSpan.Zero).AddTicks(7), entity.GetDateTimeOffset("Plain"));
        Assert.Equal(Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), entity.GetGuid("Id"));
        Assert.Equal(new byte[] { 0, 1, 2, 250, 255 }, entity.GetBinary("Bytes"));
        Assert.Equal("", entity.GetString("Empty"));
        Assert.Null(entity.GetString("Absent"));
        Assert.Null(entity.GetInt64("Absent"));
    }

    [Fact]
    public async Task Create_is_idempotent_and_exists_reports_it()
    {
        var table = new TableClient(await StorageTestEnv.AccountAsync(), StorageTestEnv.TableName());
        Assert.False(await table.ExistsAsync());
        await table.CreateIfNotExistsAsync();
        await table.CreateIfNotExistsAsync();
        Assert.True(await table.ExistsAsync());
    }

    [Fact]
    public async Task Upsert_and_get_round_trip_every_type_and_non_ascii_keys()
    {
        var table = await NewTableAsync();
        var pk = "part 日本 'quoted' é";
        var rk = "row 👋 <&> \"x\" +%";
        await table.UpsertEntityAsync(Typed(pk, rk));
        var read = await table.GetEntityAsync(pk, rk);
        Assert.Equal(pk, read.PartitionKey);
        Assert.Equal(rk, read.RowKey);
        Assert.NotNull(read.Timestamp);
        Assert.NotEqual(default, read.ETag);
        AssertTyped(read);

        // Insert-or-replace: the second write replaces every property.
        await table.UpsertEntityAsync(new TableEntity(pk, rk) { ["Only"] = "this" });
        var replaced = await table.GetEntityAsync(pk, rk);
        Assert.Equal("this", replaced.GetString("Only"));
        Assert.Null(replaced.GetString("Text"));
    }

    [Fact]
    public async Task Missing_entity_and_table_are_404_with_error_codes()
    {
        var table = await NewTableAsync();
        var missing = await Assert.ThrowsAsync<RequestFailedException>(() => table.GetEntityAsync("p", "r"));
        Assert.Equal(404, missing.Status);
        Assert.Equal("ResourceNotFound", missing.ErrorCode);

        var noTable = new TableClient(await StorageTestEnv.AccountAsync(), StorageTestEnv.TableName());
        var error = await Assert.ThrowsAsync<RequestFailedException>(() => noTable.UpsertEntityAsync(new TableEntity("p", "r")));
        Assert.Equal(404, error.Status);
        Assert.Equal("TableNotFound", error.ErrorCode);
    }

    [Fact]
    public async Task A_100_entity_transaction_commits_and_101_is_rejected_before_the_call()
    {
        var table = await NewTableAsync();
        var batch = Enumerable.Range(0, 100).Select(i => Typed("p1", $"r{i:D3}")).ToList();
        await table.SubmitTransactionAsync(batch);
        var rows = await Collect(table.QueryAsync(TableFilter.Equal("PartitionKey", "p1")));
        Assert.Equal(100, rows.Count);
        AssertTyped(rows[57]);

        var tooMany = Enumerable.Range(0, 101).Select(i => new TableEntity("p2", $"r{i}")).ToList();
        await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitTransactionAsync(tooMany));
        var mixed = new[] { new TableEntity("a", "1"), new TableEntity("b", "2") };
        await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitTransactionAsync(mixed));
        var twice = new[] { new TableEntity("a", "1"), new TableEntity("a", "1") };
        await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitTransactionAsync(twice));
        Assert.Empty(await Collect(table.QueryAsync(TableFilter.NotEqual("PartitionKey", "p1"))));
    }

    [Fact]
    public async Task A_transaction_is_all_or_nothing_and_reports_the_failing_operation()
    {
        var table = await NewTableAsync();
        // The second entity has a property type the service refuses (a string over 64 KiB): the whole batch rolls back.
        var entities = new[]
        {
            new TableEntity("p", "ok") { ["V"] = "fine" },
            new TableEntity("p", "bad") { ["V"] = new string('x', 40_000) },
        };
        var error = await Assert.ThrowsAsync<RequestFailedException>(() => table.SubmitTransactionAsync(entities));
        Assert.Equal(400, error.Status);
        Assert.False(string.IsNullOrEmpty(error.ErrorCode));
        Assert.Empty(await Collect(table.QueryAsync()));
    }

    [Fact]
    public async Task A_query_pages_past_1000_entities_with_continuation_tokens()
    {
        var table = await NewTableAsync();
        for (var b = 0; b < 11; b++)
            await table.SubmitTransactionAsync(Enumerable.Range(0, 100)
                .Select(i => new TableEntity("big", $"{b * 100 + i:D5}") { ["N"] = b * 100 + i }).ToList());

        var pages = 0;
        var seen = new List<TableEntity>();
        string? token = null;
        do
        {
            var page = await table.QueryPageAsync(null, null, null, token);
            pages++;
            seen.AddRange(page.Values);
            token = page.ContinuationToken;
        } while (token is not null);
        Assert.Equal(1100, seen.Count);
        Assert.True(pages >= 2, $"expected at least 2 pages, got {pages}");
        Assert.Equal(Enumerable.Range(0, 1100), seen.Select(e => e.GetInt32("N")!.Value));

        Assert.Equal(1100, (await Collect(table.QueryAsync())).Count);
        Assert.Equal(1100, (await Collect(table.QueryAsync(pageSize: 250))).Count);
    }

    [Fact]
    public async Task Top_select_and_filters_narrow_the_answer()
    {
        var table = await NewTableAsync();
        await table.SubmitTransactionAsync(Enumerable.Range(0, 10).Select(i => new TableEntity("p", $"r{i}")
        {
            ["Site"] = i % 2 == 0 ? "it's <even>" : "odd",
            ["N"] = (long)i,
            ["D"] = i * 1.0,
            ["At"] = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(i),
            ["Extra"] = "x",
        }).ToList());

        var first = await table.QueryPageAsync(null, 3, ["Site", "N"], null);
        Assert.Equal(3, first.Values.Count);
        Assert.NotNull(first.ContinuationToken);
        Assert.All(first.Values, e => Assert.Null(e.GetString("Extra")));
        Assert.All(first.Values, e => Assert.NotNull(e.GetInt64("N")));

        Assert.Equal(5, (await Collect(table.QueryAsync(TableFilter.Equal("Site", "it's <even>")))).Count);
        Assert.Equal(3, (await Collect(table.QueryAsync(TableFilter.GreaterThanOrEqual("N", 7L)))).Count);
        Assert.Single(await Collect(table.QueryAsync(TableFilter.Equal("D", 4.0))));
        Assert.Equal(2, (await Collect(table.QueryAsync(TableFilter.LessThan("At", new DateTimeOffset(2026, 1, 3, 0, 0, 0, TimeSpan.Zero))))).Count);
        Assert.Single(await Collect(table.QueryAsync(TableFilter.And(TableFilter.Equal("Site", "odd"), TableFilter.Equal("RowKey", "r3")))));
    }

    [Fact]
    public async Task Invalid_keys_and_names_fail_before_any_request()
    {
        // No table is created: a request would answer 404, not ArgumentException.
        var table = new TableClient(await StorageTestEnv.AccountAsync(), StorageTestEnv.TableName());
        foreach (var key in new[] { "a/b", "a\\b", "a#b", "a?b", "a\u0001b", "a\u007fb", new string('k', 513) })
        {
            await Assert.ThrowsAsync<ArgumentException>(() => table.UpsertEntityAsync(new TableEntity(key, "r")));
            await Assert.ThrowsAsync<ArgumentException>(() => table.UpsertEntityAsync(new TableEntity("p", key)));
            await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitTransactionAsync([new TableEntity("p", key)]));
        }
        var account = await StorageTestEnv.AccountAsync();
        foreach (var name in new[] { "ab", "1abc", "has-dash", "tables", new string('a', 64) })
            Assert.Throws<ArgumentException>(() => new TableClient(account, name));
    }

    [Fact]
    public async Task Shared_key_lite_is_accepted_too()
    {
        var azurite = await Support.AzuriteServer.Shared;
        var lite = new TableClient(WithLite(azurite.ConnectionString), StorageTestEnv.TableName());
        await lite.CreateIfNotExistsAsync();
        await lite.UpsertEntityAsync(new TableEntity("p", "r") { ["V"] = 1 });
        Assert.Equal(1, (await lite.GetEntityAsync("p", "r")).GetInt32("V"));
    }

    private static StorageAccount WithLite(string connectionString) =>
        StorageAccount.FromConnectionString(connectionString).WithTableSigning(Lookout.Storage.Auth.SharedKeyScheme.TableLite);

    [Fact]
    public async Task A_wrong_account_key_is_a_403_with_AuthenticationFailed()
    {
        var azurite = await Support.AzuriteServer.Shared;
        var wrongKey = Convert.ToBase64String(new byte[64]);
        var table = new TableClient(StorageAccount.FromConnectionString(
            azurite.ConnectionString.Replace(azurite.AccountKey, wrongKey, StringComparison.Ordinal)), StorageTestEnv.TableName());
        var error = await Assert.ThrowsAsync<RequestFailedException>(() => table.CreateIfNotExistsAsync());
        Assert.Equal(403, error.Status);
        // Azure's Table service says AuthenticationFailed; Azurite's table emulator says AuthorizationFailure.
        Assert.Contains(error.ErrorCode, new[] { "AuthenticationFailed", "AuthorizationFailure" });
    }

    internal static async Task<List<T>> Collect<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
            list.Add(item);
        return list;
    }
}
