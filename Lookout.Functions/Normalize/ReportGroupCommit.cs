using Lookout.Core.Records;

namespace Lookout.Functions.Normalize;

/// <summary>
/// Normalize's group commit: concurrent invocations (up to host.json's batchSize + newBatchThreshold at once
/// in one worker) hand in their messages' records and share one <see cref="IssueWriter"/> write. No
/// invocation completes, and so no queue message is deleted, before its counts and rows are stored.
/// </summary>
public sealed class ReportGroupCommit(IssueWriter writer, TimeProvider time)
    : GroupCommit<MessageRecords, int>(writer.WriteAsync, time, OpenFor, MaxMessages)
{
    /// <summary>How long a group stays open for more invocations: a little latency for far fewer writes.</summary>
    public static readonly TimeSpan OpenFor = TimeSpan.FromMilliseconds(20);

    /// <summary>Messages per group at most (host.json batchSize + newBatchThreshold fit easily).</summary>
    public const int MaxMessages = 64;

    /// <summary>Adds one message's records; completes with the number of them stored as rows.</summary>
    public Task<int> AddRecordsAsync(MessageRecords message) =>
        message.Records.Count == 0 ? Task.FromResult(0) : AddAsync(message);
}
