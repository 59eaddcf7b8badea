using Azure.Core;

namespace Lookout.Storage;

/// <summary>How message bytes become the message text stored in the queue.</summary>
public enum QueueMessageEncoding
{
    /// <summary>The bytes must be UTF-8 text and are stored as that text.</summary>
    None,
    /// <summary>The bytes are stored as base64 text (the Functions queue trigger's default).</summary>
    Base64,
}

/// <summary>Pipeline options (retry, diagnostics, transport) plus the message encoding.</summary>
public sealed class QueueClientOptions : ClientOptions
{
    /// <summary>The Queue REST version sent as x-ms-version.</summary>
    public const string ServiceVersion = "2020-12-06";

    public QueueMessageEncoding MessageEncoding { get; set; } = QueueMessageEncoding.Base64;
}
