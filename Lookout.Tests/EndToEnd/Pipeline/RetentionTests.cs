using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Azure.Data.Tables;
using Lookout.Core.Envelopes;
using Lookout.Core.Records;
using Lookout.Functions.Hosting;
using Lookout.Functions.Normalize;
using Lookout.Functions.Ports;
using Lookout.Functions.Retention;
using Lookout.Functions.Storage;
using Lookout.Tests.Formats;
using Lookout.Tests.Support;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lookout.Tests.Pipeline;

/// <summary>
/// Retention on real Azurite: 40 days of rows and digest entities written through the app's own stores, then the
/// Retention function (resolved from the app's services, as both hosts resolve it) leaves exactly the last 30 days.
/// </summary>
public class RetentionTests
{
    private const string FutureType = "some-future-report";

    private sealed class CapturedLogs : ILoggerProvider, ILogger
    {
        public ConcurrentQueue<string> Lines { get; } = new();
        public ILogger CreateLogger(string categoryName) => this;
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Enqueue(formatter(state, exception));
        public void Dispose() { }
    }

    private static async Task<(ServiceProvider Services, StorageClients Storage, CapturedLogs Logs)> AppAsync(int retentionDays)
    {
        var azurite = await AzuriteServer.Shared;
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Lookout:QueueName"] = "raw-" + suffix,
            ["Lookout:TableName"] = "reports" + suffix,
            ["Lookout:IssuesTableName"] = "issues" + suffix,
            ["Lookout:AlertsTableName"] = "alerts" + suffix,
            ["Lookout:RetentionDays"] = retentionDays.ToString(CultureInfo.InvariantCulture),
        }).Build();
        var logs = new CapturedLogs();
        var services = new ServiceCollection().AddLookout(configuration).AddLogging(l => l.AddProvider(logs)).BuildServiceProvider();
        var storage = services.GetRequiredService<StorageClients>();
        await storage.Table.CreateIfNotExistsAsync();
        await storage.Issues.CreateIfNotExistsAsync();
        return (services, storage, logs);
    }

    private static readonly string[] DailyReports =
    [
        """{"type":"csp-violation","url":"https://keep.example/p","body":{"documentURL":"https://keep.example/p","blockedURL":"https://evil.example/x.js","effectiveDirective":"script-src-elem"}}""",
        """{"type":"network-error","url":"https://keep.example/api","body":{"type":"tcp.reset","phase":"connection"}}""",
        // A type no kind declares: retention finds its partitions through the digest.
        $$$"""{"type":"{{{FutureType}}}","url":"https://keep.example/p","body":{"x":1}}""",
    ];

    /// <summary>Writes <paramref name="reports"/> received <paramref name="daysBack"/> days ago through the report and digest stores.</summary>
    private static async Task WriteDayAsync(IServiceProvider services, DateTimeOffset now, int daysBack, IEnumerable<string> reports)
    {
        var parsed = FormatTestKit.Parse(Encoding.UTF8.GetBytes("[" + string.Join(",", reports) + "]"), "application/reports+json");
        Assert.True(parsed.IsSuccess, parsed.Error?.Message);
        var envelope = new Envelope { Id = Guid.NewGuid().ToString("N"), ReceivedAt = now.AddDays(-daysBack), ContentType = "application/reports+json" };
        var records = parsed.Reports.Select((r, i) => ReportRecordBuilder.Build(envelope, i, r)).ToList();
        await services.GetRequiredService<IDigestStore>().CountAsync([new CountedMessage(envelope.Id, IssueTally.Of(records))], CancellationToken.None);
        await services.GetRequiredService<IReportStore>().UpsertAsync(records, CancellationToken.None);
    }

    private static async Task<List<TableEntity>> AllAsync(TableClient table)
    {
        var all = new List<TableEntity>();
        await foreach (var entity in table.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"]))
            all.Add(entity);
        return all;
    }

    private static string DayOf(string partitionKey) => partitionKey[^10..];

    [Fact]
    public async Task Forty_days_of_rows_leave_the_last_thirty_and_a_day_of_1200_rows_goes_whole()
    {
        var (services, storage, logs) = await AppAsync(retentionDays: 30);
        await using var _ = services;
        var now = DateTimeOffset.UtcNow;
        await Parallel.ForEachAsync(Enumerable.Range(0, 40), new ParallelOptions { MaxDegreeOfParallelism = 4 },
            async (daysBack, _) => await WriteDayAsync(services, now, daysBack, DailyReports));
        // One expired day far larger than a query page (1,000) and a transaction (100): 12 more messages, 12 more markers.
        for (var delivery = 0; delivery < 12; delivery++)
            await WriteDayAsync(services, now, 35, Enumerable.Repeat(DailyReports[0], 100));
        Assert.Equal(40 * 3 + 1200, (await AllAsync(storage.Table)).Count);
        Assert.Contains((await AllAsync(storage.Table)), r => r.PartitionKey.StartsWith(FutureType + "_", StringComparison.Ordinal));

        await services.GetRequiredService<RetentionFunction>().RunAsync(new TimerInfo(), CancellationToken.None);

        var firstKept = UtcDay.Of(now).AddDays(-29).ToString();
        var rows = await AllAsync(storage.Table);
        Assert.Equal(30 * 3, rows.Count);
        Assert.All(rows, r => Assert.True(string.CompareOrdinal(DayOf(r.PartitionKey), firstKept) >= 0, r.PartitionKey));
        Assert.Equal(30, rows.Select(r => DayOf(r.PartitionKey)).Distinct().Count());
        var digest = await AllAsync(storage.Issues);
        var issues = digest.Where(e => !DigestColumns.IsMarker(e.RowKey)).ToList();
        Assert.Equal(30 * 3, issues.Count);
        Assert.Equal(30, digest.Count - issues.Count); // each kept day's count marker (one message per day) stays with its day
        Assert.All(digest, i => Assert.True(string.CompareOrdinal(i.PartitionKey, firstKept) >= 0, i.PartitionKey));
        // The expired markers: one per expired day and the 12 messages of day 35.
        Assert.Contains($"Retention deleted {10 * 3 + 1200} report rows and {10 * 3} digest entities ({10 + 12} count markers besides) of days before {firstKept} (30 days kept)", logs.Lines);

        // Running again finds nothing left to delete (and says so).
        var again = await services.GetRequiredService<RetentionSweeper>().RunAsync(CancellationToken.None);
        Assert.Equal(new RetentionResult(firstKept, 0, 0), again);
    }

    [Fact]
    public async Task Alert_bookkeeping_goes_once_it_is_older_than_the_first_kept_day()
    {
        var (services, storage, logs) = await AppAsync(retentionDays: 30);
        await using var _ = services;
        await storage.Alerts.CreateIfNotExistsAsync();
        // What the alert rules and the throttle write: a raised marker, a throttle window, a held-back and a delivered alert.
        TableEntity[] written =
        [
            new("raised", "spike-x") { ["Rule"] = "spike" },
            new(Lookout.Functions.Alerts.AlertThrottle.Partition(0), "20260101T000000Z") { ["Admitted"] = "a" },
            new("held-0-20260101T000000Z", "new-issue-y") { ["Rule"] = "new-issue" },
            new("delivered-0", "delivered-a") { ["At"] = DateTimeOffset.UtcNow },
        ];
        foreach (var entity in written)
            await storage.Alerts.AddEntityAsync(entity);

        // Written today: within the 30 days kept.
        Assert.Equal(0, (await services.GetRequiredService<RetentionSweeper>().RunAsync(CancellationToken.None)).AlertEntities);
        Assert.Equal(4, (await AllAsync(storage.Alerts)).Count);

        // 31 days later the same entities are older than the first kept day.
        var later = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(31));
        var sweeper = ActivatorUtilities.CreateInstance<RetentionSweeper>(services, (TimeProvider)later);
        Assert.Equal(4, (await sweeper.RunAsync(CancellationToken.None)).AlertEntities);
        Assert.Empty(await AllAsync(storage.Alerts));
        Assert.Contains(logs.Lines, l => l.StartsWith("Retention deleted 4 alert bookkeeping entities written before ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Zero_days_keeps_everything()
    {
        var (services, storage, _) = await AppAsync(retentionDays: 0);
        await using var __ = services;
        await WriteDayAsync(services, DateTimeOffset.UtcNow, 400, DailyReports);
        var result = await services.GetRequiredService<RetentionSweeper>().RunAsync(CancellationToken.None);
        Assert.Equal(new RetentionResult(null, 0, 0), result);
        Assert.Equal(3, (await AllAsync(storage.Table)).Count);
        Assert.Equal(3 + 1, (await AllAsync(storage.Issues)).Count); // three issues and the message's count marker
    }
}
