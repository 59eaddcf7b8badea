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

    /// <summary>User noise rules (README "Triage"): <c>name: flag|drop when field op value [and …]</c>, separated by <c>;</c> or new lines.</summary>
    public string NoiseRules { get; set; } = "";

    /// <summary>Store no rows for noise (built-in or flagged by a rule); the digest still counts it.</summary>
    public bool DropNoise { get; set; }

    /// <summary>What is removed from stored URLs, Body and Raw: <c>none</c>, <c>secrets</c> (default) or <c>query</c>.</summary>
    public Core.Triage.ScrubMode Scrub { get; set; } = Core.Triage.ScrubMode.Secrets;

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
