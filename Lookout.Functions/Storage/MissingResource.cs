using Azure;

namespace Lookout.Functions.Storage;

/// <summary>
/// A queue or table that is gone (deleted, an emulator restarted without it) or still being deleted.
/// That is not the message's fault: the standalone poller retries such a message without spending one
/// of its attempts, and where the app owns its resources the failing call recreates the resource first.
/// </summary>
public sealed class StorageResourceMissingException(string resource, Exception inner)
    : Exception($"Storage resource '{resource}' is missing: {inner.Message}", inner)
{
    public string Resource { get; } = resource;
}

internal static class MissingResource
{
    /// <summary>404 from a queue or table call: the resource itself is missing (upserts and sends never
    /// answer 404 for anything else).</summary>
    public static bool IsMissing(Exception e) => e is RequestFailedException { Status: 404 };

    /// <summary>409 while a deleted queue or table is still being removed (Azure takes up to a minute).</summary>
    public static bool IsBeingDeleted(Exception e) =>
        e is RequestFailedException { Status: 409, ErrorCode: "QueueBeingDeleted" or "TableBeingDeleted" };
}
