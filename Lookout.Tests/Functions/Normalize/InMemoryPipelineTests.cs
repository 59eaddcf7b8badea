using System.Text;
using Lookout.Core.Records;
using Lookout.Functions.Ingest;
using Lookout.Functions.Normalize;
using Lookout.Functions.Ports;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lookout.Tests.Pipeline;

/// <summary>Ingest → Normalize through in-memory fakes of the two ports: the logic alone, no I/O.</summary>
public class InMemoryPipelineTests
{
    private sealed class MemoryQueue(int maxMessageBytes = 48 * 1024, bool broken = false) : IDeliveryQueue
    {
        public List<byte[]> Messages { get; } = [];
        public int MaxMessageBytes => maxMessageBytes;

        public Task EnqueueAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
        {
            if (broken)
                throw new HttpRequestException("connection refused");
            lock (Messages) Messages.Add(message.ToArray());
            return Task.CompletedTask;
        }
    }

    private sealed class MemoryStore : IReportStore
    {
        public Dictionary<(string, string), ReportRecord> Rows { get; } = [];

        public Task UpsertAsync(IReadOnlyList<ReportRecord> records, CancellationToken cancellationToken)
        {
            // Like an entity group transaction: one call may not name an entity twice.
            if (records.DistinctBy(r => (r.PartitionKey, r.RowKey)).Count() != records.Count)
                throw new InvalidOperationException("An entity can appear only once in a batch.");
            foreach (var record in records)
                Rows[(record.PartitionKey, record.RowKey)] = record;
            return Task.CompletedTask;
        }
    }

    /// <summary>The digest's rules (counts, row cap) without a table.</summary>
    private sealed class MemoryDigestStore(int cap) : IDigestStore
    {
        public Dictionary<IssueKey, (long Count, long Rows)> Issues { get; } = [];

        public Task<IReadOnlyDictionary<IssueKey, DigestOutcome>> ApplyAsync(IReadOnlyList<IssueTally> tallies, CancellationToken cancellationToken)
        {
            var outcomes = new Dictionary<IssueKey, DigestOutcome>();
            foreach (var tally in tallies)
            {
                var created = !Issues.TryGetValue(tally.Key, out var current);
                var allowed = RowCap.Allowed(cap, current.Rows, tally.Rows);
                Issues[tally.Key] = (current.Count + tally.Count, current.Rows + allowed);
                outcomes[tally.Key] = new DigestOutcome(allowed, created);
            }
            return Task.FromResult<IReadOnlyDictionary<IssueKey, DigestOutcome>>(outcomes);
        }

        public Task<bool> SeenBeforeAsync(IssueKey key, int days, CancellationToken cancellationToken) => Task.FromResult(false);
    }

    private static MessageProcessor Processor(IReportStore store, IDigestStore? digest = null) =>
        new(new ReportGroupCommit(new IssueWriter(digest ?? new MemoryDigestStore(100), store, NullLogger<IssueWriter>.Instance), TimeProvider.System), Lookout.Core.Triage.TriagePolicy.Default,
            Lookout.Core.Formats.Kinds.ReportKinds.Builtin, NullLogger<MessageProcessor>.Instance);

    private static DeliveryIngestor Ingestor(IDeliveryQueue queue) => new(queue, TimeProvider.System, Microsoft.Extensions.Options.Options.Create(new Lookout.Functions.LookoutOptions()), NullLogger<DeliveryIngestor>.Instance);

    [Fact]
    public async Task Processing_every_message_twice_leaves_one_row_per_report()
    {
        var queue = new MemoryQueue(maxMessageBytes: 4096);
        var body = Encoding.UTF8.GetBytes("[" + string.Join(",", Enumerable.Range(0, 50).Select(i =>
            $$$"""{"type":"intervention","age":1,"url":"https://e.com/","body":{"id":"i{{{i}}}","message":"{{{new string('m', 200)}}}"}}""")) + "]");
        var result = await Ingestor(queue).IngestAsync("application/reports+json", body, "UA", "site1", default);
        Assert.Equal(204, result.StatusCode);
        Assert.True(queue.Messages.Count > 1);

        var store = new MemoryStore();
        var processor = Processor(store);
        foreach (var message in queue.Messages.Concat(queue.Messages))
            await processor.ProcessAsync(message, default);

        Assert.Equal(50, store.Rows.Count);
        Assert.All(store.Rows.Values, r => Assert.Equal("site1", r["Site"]!.Value.AsString));
    }

    [Fact]
    public async Task The_same_delivery_twice_in_one_group_writes_each_row_once()
    {
        // An enqueue retried after a timeout that had succeeded puts one delivery in the queue twice.
        var queue = new MemoryQueue();
        var result = await Ingestor(queue).IngestAsync("application/csp-report",
            """{"csp-report":{"document-uri":"https://e.com/","violated-directive":"img-src"}}"""u8.ToArray(), "UA", "site2", default);
        Assert.Equal(204, result.StatusCode);
        var message = Assert.Single(queue.Messages);

        var store = new MemoryStore();
        var processor = Processor(store);
        var stored = await Task.WhenAll(processor.ProcessAsync(message, default), processor.ProcessAsync(message, default));

        Assert.Single(store.Rows);
        Assert.Equal(2, stored.Sum());
    }

    [Fact]
    public async Task Nothing_is_acknowledged_when_the_queue_fails()
    {
        var result = await Ingestor(new MemoryQueue(broken: true)).IngestAsync("application/csp-report", "{\"csp-report\":{}}"u8.ToArray(), null, null, default);
        Assert.Equal(503, result.StatusCode);
    }

    [Fact]
    public async Task A_message_that_is_not_an_envelope_throws_so_it_can_be_retried_and_poisoned()
    {
        var processor = Processor(new MemoryStore());
        await Assert.ThrowsAsync<InvalidMessageException>(() => processor.ProcessAsync("{\"x\":1}"u8.ToArray(), default));
    }
}
