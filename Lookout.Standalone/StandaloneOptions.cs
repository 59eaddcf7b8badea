namespace Lookout.Standalone;

/// <summary>Settings only the standalone host has (section <c>Lookout:Standalone</c>, env <c>Lookout__Standalone__*</c>).</summary>
internal sealed class StandaloneOptions
{
    public const string Section = "Lookout:Standalone";

    /// <summary>Run the queue poller (off: Ingest alone, e.g. to benchmark it, or when another process drains the queue).</summary>
    public bool Poller { get; set; } = true;

    /// <summary>How long a message stays invisible while Normalize runs; after a crash it reappears this soon.
    /// The Functions host uses 10 minutes and renews it; a short default suits a local process that restarts.</summary>
    public int ProcessingTimeoutSeconds { get; set; } = 30;
}
