namespace Lookout.Core.Issues.Reach;

/// <summary>One entry of a <see cref="TopCounter"/>: the true count lies in [<c>Count − Error</c>, <c>Count</c>].</summary>
public readonly record struct TopEntry(string Item, long Count, long Error);

/// <summary>
/// The most frequent items of a stream in bounded space (Space-Saving, Metwally et al. 2005): at most
/// <see cref="Capacity"/> items with counts. While fewer distinct items than that were added, every count is exact.
/// Beyond, a new item takes the place of the least counted one and inherits its count as error, so each count is an
/// upper bound, <c>Count − Error</c> a lower bound, and an item not listed was seen at most <see cref="Floor"/> times:
/// any item seen more than total/capacity times is listed. Merging sums both sides' counts, an item missing from a
/// full side taking that side's floor (the parallel Space-Saving merge): the bounds above hold whatever the order
/// of merges, and while the union fits the capacity merges are exact (and so associative).
/// </summary>
public sealed class TopCounter(int capacity)
{
    private readonly Dictionary<string, (long Count, long Error)> _entries = new(StringComparer.Ordinal);

    public int Capacity { get; } = capacity is >= 1 and <= 255 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity));

    /// <summary>Items seen, in total (the sum of every count added).</summary>
    public long Total { get; private set; }

    /// <summary>Most times an unlisted item can have been seen: the least count when full, else 0.</summary>
    public long Floor => _entries.Count < Capacity ? 0 : _entries.Values.Min(e => e.Count);

    public int Count => _entries.Count;

    public void Add(string item, long count = 1)
    {
        Total += count;
        if (_entries.TryGetValue(item, out var entry))
        {
            _entries[item] = (entry.Count + count, entry.Error);
            return;
        }
        if (_entries.Count < Capacity)
        {
            _entries[item] = (count, 0);
            return;
        }
        var least = Lowest();
        _entries.Remove(least.Item);
        _entries[item] = (least.Count + count, least.Count);
    }

    public void Merge(TopCounter other)
    {
        var floor = Floor;
        var otherFloor = other.Floor;
        var merged = new Dictionary<string, (long Count, long Error)>(StringComparer.Ordinal);
        foreach (var (item, (count, error)) in _entries)
        {
            var theirs = other._entries.TryGetValue(item, out var o) ? o : (otherFloor, otherFloor);
            merged[item] = (count + theirs.Item1, error + theirs.Item2);
        }
        foreach (var (item, (count, error)) in other._entries)
            if (!_entries.ContainsKey(item))
                merged[item] = (count + floor, error + floor);
        _entries.Clear();
        foreach (var (item, entry) in merged.OrderByDescending(e => e.Value.Count).ThenBy(e => e.Key, StringComparer.Ordinal).Take(Capacity))
            _entries[item] = entry;
        Total += other.Total;
    }

    /// <summary>The <paramref name="n"/> items with the highest counts, highest first (ties in ordinal order).</summary>
    public IReadOnlyList<TopEntry> Top(int n) =>
        _entries.Select(e => new TopEntry(e.Key, e.Value.Count, e.Value.Error))
            .OrderByDescending(e => e.Count).ThenBy(e => e.Item, StringComparer.Ordinal).Take(n).ToList();

    private TopEntry Lowest()
    {
        TopEntry? lowest = null;
        foreach (var (item, (count, error)) in _entries)
            if (lowest is not { } l || count < l.Count || (count == l.Count && string.CompareOrdinal(item, l.Item) > 0))
                lowest = new TopEntry(item, count, error);
        return lowest!.Value;
    }

    public void Write(BinaryWriter writer)
    {
        writer.Write((byte)Capacity);
        writer.Write7BitEncodedInt64(Total);
        writer.Write7BitEncodedInt(_entries.Count);
        foreach (var entry in Top(_entries.Count))
        {
            writer.Write(entry.Item);
            writer.Write7BitEncodedInt64(entry.Count);
            writer.Write7BitEncodedInt64(entry.Error);
        }
    }

    public static TopCounter Read(BinaryReader reader)
    {
        var counter = new TopCounter(reader.ReadByte());
        counter.Total = reader.Read7BitEncodedInt64();
        var count = reader.Read7BitEncodedInt();
        if (count > counter.Capacity)
            throw new InvalidDataException("More entries than the capacity.");
        for (var i = 0; i < count; i++)
            counter._entries[reader.ReadString()] = (reader.Read7BitEncodedInt64(), reader.Read7BitEncodedInt64());
        return counter;
    }
}
