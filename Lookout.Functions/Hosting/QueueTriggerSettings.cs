using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Lookout.Functions.Hosting;

/// <summary>
/// host.json's <c>extensions.queues</c>: the one source of the queue trigger's numbers. The Functions host
/// reads them there; the standalone poller reads the same file, and honours the same override app settings
/// (<c>AzureFunctionsJobHost__extensions__queues__batchSize</c> and so on).
/// </summary>
public sealed record QueueTriggerSettings
{
    public const string OverridePrefix = "AzureFunctionsJobHost__";

    /// <summary>Messages fetched per get (1–32).</summary>
    public int BatchSize { get; init; } = 16;
    /// <summary>A new batch is fetched when this few messages are still being processed.</summary>
    public int NewBatchThreshold { get; init; } = 8;
    /// <summary>Longest wait between polls of an empty queue.</summary>
    public TimeSpan MaxPollingInterval { get; init; } = TimeSpan.FromMinutes(1);
    /// <summary>How long a failed message stays invisible before its next attempt.</summary>
    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.Zero;
    /// <summary>Attempts before the message moves to the poison queue.</summary>
    public int MaxDequeueCount { get; init; } = 5;
    public string MessageEncoding { get; init; } = "base64";

    /// <summary>Reads host.json from <paramref name="directory"/>, then the override settings from the environment.</summary>
    public static QueueTriggerSettings Load(string directory, IEnumerable<KeyValuePair<string, string?>>? overrides = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(directory, "host.json"), optional: false)
            .AddEnvironmentVariables(OverridePrefix)
            .AddInMemoryCollection(overrides ?? [])
            .Build();
        return FromSection(configuration.GetSection("extensions:queues"));
    }

    internal static QueueTriggerSettings FromSection(IConfigurationSection queues)
    {
        var defaults = new QueueTriggerSettings();
        var settings = new QueueTriggerSettings
        {
            BatchSize = queues.GetValue("batchSize", defaults.BatchSize),
            NewBatchThreshold = queues.GetValue("newBatchThreshold", defaults.NewBatchThreshold),
            MaxPollingInterval = Duration(queues["maxPollingInterval"]) ?? defaults.MaxPollingInterval,
            VisibilityTimeout = Duration(queues["visibilityTimeout"]) ?? defaults.VisibilityTimeout,
            MaxDequeueCount = queues.GetValue("maxDequeueCount", defaults.MaxDequeueCount),
            MessageEncoding = queues["messageEncoding"] ?? defaults.MessageEncoding,
        };
        if (settings.BatchSize is < 1 or > 32)
            throw new InvalidOperationException($"host.json extensions.queues.batchSize must be 1-32, not {settings.BatchSize}.");
        if (settings.MaxDequeueCount < 1)
            throw new InvalidOperationException("host.json extensions.queues.maxDequeueCount must be at least 1.");
        if (!settings.MessageEncoding.Equals("base64", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException("host.json extensions.queues.messageEncoding must be base64: Ingest writes base64 messages.");
        return settings;
    }

    // host.json (2.x and later) writes durations as TimeSpan text, e.g. "00:00:02".
    private static TimeSpan? Duration(string? text) =>
        text is null ? null : TimeSpan.Parse(text, CultureInfo.InvariantCulture);
}
