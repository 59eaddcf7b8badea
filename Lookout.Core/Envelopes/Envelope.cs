namespace Lookout.Core.Envelopes;

/// <summary>
/// What Ingest knows about a delivery besides its body. Travels in every queue message of the
/// delivery; <see cref="FirstIndex"/> is the delivery-wide index of the message's first report, so
/// the row keys of a split delivery never collide and a retried message rewrites the same rows.
/// </summary>
public sealed record Envelope
{
    /// <summary>Assigned at ingest: 32 lowercase hex digits, safe inside a RowKey.</summary>
    public required string Id { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
    public required string ContentType { get; init; }
    public string? UserAgent { get; init; }
    /// <summary>Optional site tag from the report URL's <c>?site=</c> query.</summary>
    public string? Site { get; init; }
    public int FirstIndex { get; init; }

    /// <summary>Share of the delivery's reports that keep their rows, in parts per million: below
    /// <see cref="Sites.Sampling.AllPpm"/> when Ingest found the site over its budget (Lookout.Core.Sites).</summary>
    public int KeepPpm { get; init; } = Sites.Sampling.AllPpm;

    public static string NewId() => Guid.NewGuid().ToString("N");
}

/// <summary>An envelope read back from a queue message, with the delivery body it carries.</summary>
public sealed record EnvelopeMessage(Envelope Envelope, ReadOnlyMemory<byte> Body);
