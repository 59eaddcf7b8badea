using System.Text;
using Lookout.Core.Records;
using Lookout.Core.Sites;
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

    /// <summary>The digest's rules (counts once per message, row cap) without a table.</summary>
    private sealed class MemoryDigestStore(int cap) : IDigestStore
    {
        public Dictionary<IssueKey, (long Count, long Rows)> Issues { get; } = [];
        public Dictionary<IssueKey, long> Sampled { get; } = [];
        private readonly Dictionary<string, CountOutcome> _markers = [];

        public Task<IReadOnlyList<CountOutcome>> CountAsync(IReadOnlyList<CountedMessage> messages, CancellationToken cancellationToken)
        {
            var outcomes = new List<CountOutcome>();
            foreach (var message in messages)
            {
                if (_markers.TryGetValue(message.Id, out var before))
                {
                    outcomes.Add(before with { CountedBefore = true });
                    continue;
                }
                var allowed = new Dictionary<IssueKey, long>();
                foreach (var tally in message.Tallies)
                {
                    Issues.TryGetValue(tally.Key, out var current);
                    allowed[tally.Key] = RowCap.Allowed(cap, current.Rows, tally.Rows);
                    Issues[tally.Key] = (current.Count + tally.Count, current.Rows + allowed[tally.Key]);
                    Sampled[tally.Key] = Sampled.GetValueOrDefault(tally.Key) + tally.Sampled;
                }
                outcomes.Add(_markers[message.Id] = new CountOutcome(allowed, false));
            }
            return Task.FromResult<IReadOnlyList<CountOutcome>>(outcomes);
        }

        private readonly HashSet<(string, string)> _firstSeen = [];

        private readonly HashSet<(string, string)> _announced = [];

        public Task<IReadOnlySet<IssueKey>> RecordFirstSeenAsync(IReadOnlyList<IssueTally> tallies, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlySet<IssueKey>>(tallies.Where(t => _firstSeen.Add((t.Key.Type, t.Key.Fingerprint))
                || !_announced.Contains((t.Key.Type, t.Key.Fingerprint))).Select(t => t.Key).ToHashSet());

        public Task MarkAnnouncedAsync(IReadOnlyCollection<IssueKey> issues, CancellationToken cancellationToken)
        {
            foreach (var key in issues)
                _announced.Add((key.Type, key.Fingerprint));
            return Task.CompletedTask;
        }
    }

    /// <summary>Policy texts by id, without a table.</summary>
    private sealed class MemoryPolicyStore : IPolicyStore
    {
        public Dictionary<string, string> Texts { get; } = [];

        public Task RecordAsync(IReadOnlyCollection<PolicySeen> policies, CancellationToken cancellationToken)
        {
            foreach (var policy in policies)
                Texts.TryAdd(policy.Id, policy.Text);
            return Task.CompletedTask;
        }
    }

    private static readonly Microsoft.Extensions.Options.IOptions<Lookout.Functions.LookoutOptions> Defaults =
        Microsoft.Extensions.Options.Options.Create(new Lookout.Functions.LookoutOptions());

    private static MessageProcessor Processor(IReportStore store, IDigestStore? digest = null, SitePolicies? sites = null, IIssueEvents? events = null) =>
        new(new ReportGroupCommit(new IssueWriter(digest ?? new MemoryDigestStore(100), store, new MemoryPolicyStore(),
                new NewIssueAlerts(Defaults, TimeProvider.System, NullLogger<NewIssueAlerts>.Instance), NullLogger<IssueWriter>.Instance, events),
                TimeProvider.System),
            Lookout.Core.Triage.TriagePolicy.Default,
            Lookout.Core.Formats.Kinds.ReportKinds.Builtin, sites ?? SitePolicies.None, Defaults, NullLogger<MessageProcessor>.Instance);

    private static DeliveryIngestor Ingestor(IDeliveryQueue queue, SitePolicies? sites = null, TimeProvider? clock = null) =>
        new(queue, new EnqueueGroupCommit(queue, Defaults, NullLogger<EnqueueGroupCommit>.Instance), clock ?? TimeProvider.System,
            sites ?? SitePolicies.None, new SiteLoadMeter(), Defaults, NullLogger<DeliveryIngestor>.Instance);

    /// <summary>One instant, so a test's deliveries all fall in the same minute.</summary>
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [Fact]
    public async Task Over_its_budget_a_site_keeps_a_sample_of_rows_that_a_retry_does_not_change_and_counts_the_rest_as_sampled()
    {
        var sites = SitePolicies.Parse("shop: budget=20");
        var queue = new MemoryQueue();
        var ingestor = Ingestor(queue, sites, new FixedClock(new DateTimeOffset(2026, 12, 6, 12, 0, 30, TimeSpan.Zero)));
        for (var d = 0; d < 10; d++)
        {
            var body = Encoding.UTF8.GetBytes("[" + string.Join(",", Enumerable.Range(0, 10).Select(i =>
                $$$"""{"type":"intervention","age":1,"url":"https://shop.example/","body":{"id":"i{{{i % 2}}}","message":"m"}}""")) + "]");
            Assert.Equal(204, (await ingestor.IngestAsync("application/reports+json", body, "UA", "shop", default)).StatusCode);
        }

        var store = new MemoryStore();
        var digest = new MemoryDigestStore(0);
        var processor = Processor(store, digest, sites);
        foreach (var message in queue.Messages)
            await processor.ProcessAsync(message, default);
        var rows = store.Rows.Keys.ToHashSet();
        var sampled = digest.Sampled.Values.Sum();
        // 100 reports against a budget of 20 a minute: the first two deliveries are whole, then 20/30 … 20/100 of each.
        Assert.InRange(rows.Count, 25, 75);
        Assert.Equal(100, rows.Count + sampled);

        // Every message again (a redelivery): the same rows, and the sampled count is not added twice (each message counts once).
        foreach (var message in queue.Messages)
            await processor.ProcessAsync(message, default);
        Assert.Equal(rows, store.Rows.Keys.ToHashSet());
        Assert.Equal(sampled, digest.Sampled.Values.Sum());
    }

    /// <summary>Webhook alerts that fail while <see cref="Failing"/> is set, and remember which issues they were told are new.</summary>
    private sealed class FlakyIssueEvents : IIssueEvents
    {
        public bool Failing { get; set; } = true;
        /// <summary>Failures left before the calls succeed (while <see cref="Failing"/> is off).</summary>
        public int FailuresLeft { get; set; }
        public int Calls { get; private set; }
        public List<IssueKey> ToldNew { get; } = [];
        public bool Listening => true;

        public Task OnWrittenAsync(IReadOnlyList<WrittenIssue> issues, CancellationToken cancellationToken)
        {
            Calls++;
            if (Failing || FailuresLeft-- > 0)
                throw new HttpRequestException("alerts queue unreachable");
            ToldNew.AddRange(issues.Where(i => i.IsNew).Select(i => i.Key));
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task An_alert_enqueue_that_fails_twice_is_retried_within_the_write_and_announces_once()
    {
        var queue = new MemoryQueue();
        var body = Encoding.UTF8.GetBytes("""[{"type":"intervention","age":1,"url":"https://e.com/","body":{"id":"one-off","message":"m"}}]""");
        Assert.Equal(204, (await Ingestor(queue).IngestAsync("application/reports+json", body, "UA", "site1", default)).StatusCode);
        var events = new FlakyIssueEvents { Failing = false, FailuresLeft = IssueWriter.AnnounceAttempts - 1 };
        await Processor(new MemoryStore(), new MemoryDigestStore(100), events: events).ProcessAsync(queue.Messages.Single(), default);

        // An issue seen once has no later write to announce it: the same write tries again.
        Assert.Single(events.ToldNew);
        Assert.Equal(IssueWriter.AnnounceAttempts, events.Calls);
    }

    [Fact]
    public async Task A_new_issue_whose_alert_failed_is_announced_by_the_redelivery_and_then_never_again()
    {
        var queue = new MemoryQueue();
        var body = Encoding.UTF8.GetBytes("""[{"type":"intervention","age":1,"url":"https://e.com/","body":{"id":"once","message":"m"}}]""");
        Assert.Equal(204, (await Ingestor(queue).IngestAsync("application/reports+json", body, "UA", "site1", default)).StatusCode);
        var store = new MemoryStore();
        var digest = new MemoryDigestStore(100);
        var events = new FlakyIssueEvents();
        var processor = Processor(store, digest, events: events);

        // The alert fails: the reports are stored anyway (an alert outage never holds reports back) …
        await processor.ProcessAsync(queue.Messages.Single(), default);
        Assert.Single(store.Rows);
        Assert.Empty(events.ToldNew);

        // … and the issue, recorded as first seen but not announced, is new to the message's next processing.
        events.Failing = false;
        await processor.ProcessAsync(queue.Messages.Single(), default);
        var issue = Assert.Single(events.ToldNew);
        Assert.Equal(1, digest.Issues[issue].Count); // counted once all the same

        await processor.ProcessAsync(queue.Messages.Single(), default);
        Assert.Single(events.ToldNew);
    }

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
