using System.Globalization;

namespace Lookout.Core.Records;

/// <summary>
/// PartitionKey <c>&lt;type&gt;_&lt;yyyy-MM-dd&gt;</c> (UTC day received) and RowKey
/// <c>&lt;inverted received ticks, 19 digits&gt;_&lt;envelope id&gt;_&lt;index, 4 digits&gt;</c>: newest first
/// within a partition, and the same delivery always produces the same keys (idempotent retries).
/// </summary>
public static class RecordKeys
{
    public static string PartitionKey(string typeSlug, DateTimeOffset receivedAt) =>
        string.Concat(typeSlug, "_", UtcDay.Of(receivedAt).ToString());

    public static string RowKey(DateTimeOffset receivedAt, string envelopeId, int indexInDelivery) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{DateTime.MaxValue.Ticks - receivedAt.UtcTicks:D19}_{envelopeId}_{indexInDelivery:D4}");

    /// <summary>The receive time encoded in a RowKey (for queries like "newer than").</summary>
    public static DateTimeOffset ReceivedAtFromRowKey(string rowKey) =>
        new(DateTime.MaxValue.Ticks - long.Parse(rowKey.AsSpan(0, 19), CultureInfo.InvariantCulture), TimeSpan.Zero);

    /// <summary>Slugs go into PartitionKeys: lowercase letters, digits and hyphens, at most 64, not starting with a hyphen.</summary>
    public static bool IsValidTypeSlug(string slug)
    {
        if (slug.Length is 0 or > 64 || slug[0] == '-')
            return false;
        foreach (var c in slug)
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
                return false;
        return true;
    }
}
