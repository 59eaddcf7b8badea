namespace Lookout.Functions;

/// <summary>
/// The <c>Lookout__*</c> settings (section <c>Lookout</c>). Every one has a default; docs/configuration.md
/// documents them and infra/main.bicep sets the ones that differ in Azure. The queue trigger's numbers
/// (batch size, retries, polling) are not here: they live in host.json, read by both hosts.
/// </summary>
public sealed class LookoutOptions
{
    public const string Section = "Lookout";

    /// <summary>The queue Ingest writes and Normalize's trigger reads. Under the Functions host the trigger
    /// is bound to <see cref="QueueNames.Raw"/>; another name only makes sense standalone (tests use it).</summary>
    public string QueueName { get; set; } = QueueNames.Raw;

    /// <summary>Where messages go after host.json's maxDequeueCount failures: always the queue's name
    /// plus <c>-poison</c>, as the Functions host does.</summary>
    public string PoisonQueueName => QueueNames.PoisonOf(QueueName);

    /// <summary>Table of normalized reports.</summary>
    public string TableName { get; set; } = "reports";

    /// <summary>The digest: one entity per UTC day, type and fingerprint, with counts.</summary>
    public string IssuesTableName { get; set; } = "issues";

    /// <summary>Rows stored per issue per UTC day; further reports of it are only counted. 0: no cap.</summary>
    public int MaxRowsPerIssuePerDay { get; set; } = 100;

    /// <summary><c>NewIssue</c> events per process per alert window at most; the rest of the window's new issues are
    /// summarised in one <c>NewIssue summary</c> event at its end. 0: no limit.</summary>
    public int NewIssueAlertsPerHour { get; set; } = 10;

    /// <summary>The alert window's length in seconds (an hour; shorter only for tests).</summary>
    public int NewIssueAlertWindowSeconds { get; set; } = 3600;

    /// <summary>User noise rules (README "Triage"): <c>name: flag|drop when field op value [and …]</c>, separated by <c>;</c> or new lines.</summary>
    public string NoiseRules { get; set; } = "";

    /// <summary>Store no rows for noise (built-in or flagged by a rule); the digest still counts it.</summary>
    public bool DropNoise { get; set; }

    /// <summary>What is removed from stored URLs, Body and Raw: <c>none</c>, <c>secrets</c> (default) or <c>query</c>.</summary>
    public Core.Triage.ScrubMode Scrub { get; set; } = Core.Triage.ScrubMode.Secrets;

    /// <summary>Per site tag: the document hosts its reports may be about and a budget of reports per minute beyond
    /// which rows are sampled (Lookout.Core.Sites.SitePolicies), e.g. <c>shop: hosts=shop.example,*.shop.example budget=600</c>.</summary>
    public string Sites { get; set; } = "";

    /// <summary>Distinct issues one queue message (a delivery, or one part of a split one) may add; the reports of
    /// further issues are counted in one <c>over-issue-cap</c> issue per type and stored as no row. 0: no cap.</summary>
    public int MaxIssuesPerDelivery { get; set; } = 50;

    /// <summary>Days of report rows and digest entities kept (today included); older UTC days are deleted daily. 0: keep forever.</summary>
    public int RetentionDays { get; set; } = 30;

    /// <summary>Create the queues and the table when missing (off in Azure: Bicep creates them).</summary>
    public bool CreateResources { get; set; } = true;

    /// <summary>CORS origins allowed to post reports, comma separated; <c>*</c> allows any.</summary>
    public string AllowedOrigins { get; set; } = "*";

    /// <summary>How long browsers may cache a preflight answer (Access-Control-Max-Age).</summary>
    public int CorsMaxAgeSeconds { get; set; } = 86400;

    /// <summary>Largest request body accepted; larger answers 413.</summary>
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Retry-After sent with 503 when the queue is unreachable.</summary>
    public int RetryAfterSeconds { get; set; } = 10;

    /// <summary>Longest time Ingest waits for all messages of a delivery to be enqueued before it answers 503.
    /// Well below a client's patience, so the client hears "not acknowledged" instead of timing out itself.</summary>
    public double EnqueueTimeoutSeconds { get; set; } = 5;

    /// <summary>Queue puts per second one instance makes at most under load (Ingest's group commit waits so many
    /// deliveries share a message); 0: no pacing. A lone delivery is never held back. docs/capacity.md.</summary>
    public int IngestPutsPerSecond { get; set; } = 50;

    /// <summary>Shards of the digest's day partition (PartitionKey <c>day_NN</c>, NN from the queue message's hash): 64 for
    /// 50,000 reports/s (docs/capacity.md); 1: one partition per day. Stamped into each queue message by
    /// Ingest, so changing it never moves a message's count marker.</summary>
    public int DigestShards { get; set; } = 1;

    public const int MaxDigestShards = 64;

    /// <summary>Key of the HMAC that signs the read API's page tokens. Empty: each process draws a random one,
    /// so a token works only on the instance that issued it, until it restarts. Set it (the same on every
    /// instance, 32+ random characters) where several instances answer reads.</summary>
    public string PageTokenSecret { get; set; } = "";

    /// <summary>The report URL browsers reach (e.g. <c>https://lookout.example.com/api/reports</c>): the dashboard's
    /// set-up page hands out headers for it. Empty: derived from the address the dashboard was opened at.</summary>
    public string PublicReportUrl { get; set; } = "";

    /// <summary>Per-issue triage state (open, resolved, muted, ignored) and the noise rules edited from the dashboard.</summary>
    public string TriageTableName { get; set; } = "triage";

    /// <summary>Alert delivery state: throttle windows and the markers of alerts already raised by the timer.</summary>
    public string AlertsTableName { get; set; } = "alerts";

    /// <summary>The key triage writes need (<c>x-lookout-write-key</c>); separate from every read key. Empty: loopback clients only.</summary>
    public string WriteKey { get; set; } = "";

    /// <summary>Webhook alerts (<c>Lookout__Alerts__*</c>).</summary>
    public Alerts.AlertOptions Alerts { get; set; } = new();
}

/// <summary>Queue names shared by the trigger attribute, the options and the infrastructure.</summary>
public static class QueueNames
{
    /// <summary>The raw-delivery queue; a compile-time constant because the trigger attribute needs one.</summary>
    public const string Raw = "lookout-raw";

    /// <summary>Alerts waiting for delivery to their webhook target (one message per alert and target).</summary>
    public const string Alerts = "lookout-alerts";

    public static string PoisonOf(string queue) => queue + "-poison";
}
