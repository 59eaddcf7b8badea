namespace Lookout.Functions;

/// <summary>
/// The <c>Lookout__*</c> settings (section <c>Lookout</c>). Every one has a default; README
/// "Configuration" documents them and infra/main.bicep sets the ones that differ in Azure.
/// </summary>
public sealed class LookoutOptions
{
    public const string Section = "Lookout";

    /// <summary>Queue that Ingest writes raw deliveries to and Normalize reads.</summary>
    public string QueueName { get; set; } = "lookout-raw";

    /// <summary>Where the standalone poller moves a message after <see cref="MaxDequeueCount"/> failures.</summary>
    public string PoisonQueueName { get; set; } = "lookout-raw-poison";

    /// <summary>Table of normalized reports.</summary>
    public string TableName { get; set; } = "reports";

    /// <summary>Create the queues and the table at startup when missing (off in Azure: Bicep creates them).</summary>
    public bool CreateResources { get; set; } = true;

    /// <summary>CORS origins allowed to post reports, comma separated; <c>*</c> allows any.</summary>
    public string AllowedOrigins { get; set; } = "*";

    /// <summary>How long browsers may cache a preflight answer (Access-Control-Max-Age).</summary>
    public int CorsMaxAgeSeconds { get; set; } = 86400;

    /// <summary>Largest request body accepted; larger answers 413.</summary>
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Retry-After sent with 503 when the queue is unreachable.</summary>
    public int RetryAfterSeconds { get; set; } = 10;

    /// <summary>Run the built-in queue poller. Default: on, unless running under the Functions host.</summary>
    public bool? StandalonePoller { get; set; }

    /// <summary>Standalone poller: messages fetched per get (1–32), like host.json queues.batchSize.</summary>
    public int BatchSize { get; set; } = 16;

    /// <summary>Standalone poller: longest wait between polls of an empty queue (host.json maxPollingInterval).</summary>
    public int MaxPollingIntervalMilliseconds { get; set; } = 1000;

    /// <summary>Standalone poller: visibility timeout while a message is processed.</summary>
    public int VisibilityTimeoutSeconds { get; set; } = 30;

    /// <summary>Standalone poller: delay before a failed message is visible again (host.json visibilityTimeout).</summary>
    public int RetryDelaySeconds { get; set; } = 5;

    /// <summary>Standalone poller: attempts before a message goes to the poison queue (host.json maxDequeueCount).</summary>
    public int MaxDequeueCount { get; set; } = 5;
}
