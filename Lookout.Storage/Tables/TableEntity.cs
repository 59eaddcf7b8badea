using System.Collections;
using System.Globalization;
using Azure;

namespace Lookout.Storage;

/// <summary>
/// A table row as a property bag. Values are <see cref="string"/>, <see cref="int"/>, <see cref="long"/>,
/// <see cref="double"/>, <see cref="bool"/>, <see cref="DateTimeOffset"/> (or <see cref="DateTime"/> on
/// write), <see cref="Guid"/> and <c>byte[]</c>, stored as the matching Edm types. PartitionKey, RowKey
/// and Timestamp live in the bag too, like in the official SDK; the ETag is kept beside it.
/// </summary>
public sealed class TableEntity : IDictionary<string, object?>
{
    public const string PartitionKeyName = "PartitionKey";
    public const string RowKeyName = "RowKey";
    public const string TimestampName = "Timestamp";

    private readonly Dictionary<string, object?> _properties = new(StringComparer.Ordinal);

    public TableEntity() { }

    public TableEntity(string partitionKey, string rowKey)
    {
        PartitionKey = partitionKey;
        RowKey = rowKey;
    }

    public string PartitionKey
    {
        get => GetString(PartitionKeyName) ?? "";
        set => _properties[PartitionKeyName] = value ?? throw new ArgumentNullException(nameof(value));
    }

    public string RowKey
    {
        get => GetString(RowKeyName) ?? "";
        set => _properties[RowKeyName] = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Set by the service on every write; ignored when sending.</summary>
    public DateTimeOffset? Timestamp
    {
        get => GetDateTimeOffset(TimestampName);
        set => _properties[TimestampName] = value;
    }

    /// <summary>The service's entity tag (from <c>odata.etag</c>), default when unknown.</summary>
    public ETag ETag { get; set; }

    public object? this[string key]
    {
        get => _properties.TryGetValue(key, out var value) ? value : null;
        set => _properties[key] = value;
    }

    public string? GetString(string name) => Value(name) switch
    {
        null => null,
        string s => s,
        DateTimeOffset d => d.ToString("O", CultureInfo.InvariantCulture),
        byte[] b => Convert.ToBase64String(b),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        var other => other.ToString(),
    };

    public long? GetInt64(string name) => Value(name) switch
    {
        null => null,
        long l => l,
        int i => i,
        double d when d == Math.Floor(d) && d >= long.MinValue && d <= long.MaxValue => (long)d,
        string s when long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => l,
        var other => throw WrongType(name, other, "Int64"),
    };

    public int? GetInt32(string name) => Value(name) switch
    {
        null => null,
        int i => i,
        long l when l is >= int.MinValue and <= int.MaxValue => (int)l,
        double d when d == Math.Floor(d) && d >= int.MinValue && d <= int.MaxValue => (int)d,
        string s when int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) => i,
        var other => throw WrongType(name, other, "Int32"),
    };

    public double? GetDouble(string name) => Value(name) switch
    {
        null => null,
        double d => d,
        float f => f,
        int i => i,
        long l => l,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        var other => throw WrongType(name, other, "Double"),
    };

    public bool? GetBoolean(string name) => Value(name) switch
    {
        null => null,
        bool b => b,
        string s when bool.TryParse(s, out var b) => b,
        var other => throw WrongType(name, other, "Boolean"),
    };

    public DateTimeOffset? GetDateTimeOffset(string name) => Value(name) switch
    {
        null => null,
        DateTimeOffset d => d,
        DateTime d => EdmValues.ToUtc(d),
        string s when DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var d) => d,
        var other => throw WrongType(name, other, "DateTimeOffset"),
    };

    public Guid? GetGuid(string name) => Value(name) switch
    {
        null => null,
        Guid g => g,
        string s when Guid.TryParse(s, out var g) => g,
        var other => throw WrongType(name, other, "Guid"),
    };

    public byte[]? GetBinary(string name) => Value(name) switch
    {
        null => null,
        byte[] b => b,
        BinaryData b => b.ToArray(),
        var other => throw WrongType(name, other, "Binary"),
    };

    private object? Value(string name) => _properties.TryGetValue(name, out var value) ? value : null;

    private static InvalidOperationException WrongType(string name, object value, string wanted) =>
        new($"Property '{name}' holds a {value.GetType().Name}, which does not convert to {wanted}.");

    // IDictionary plumbing.
    public ICollection<string> Keys => _properties.Keys;
    public ICollection<object?> Values => _properties.Values;
    public int Count => _properties.Count;
    public bool IsReadOnly => false;
    public void Add(string key, object? value) => _properties.Add(key, value);
    public bool ContainsKey(string key) => _properties.ContainsKey(key);
    public bool Remove(string key) => _properties.Remove(key);
    public bool TryGetValue(string key, out object? value) => _properties.TryGetValue(key, out value);
    public void Add(KeyValuePair<string, object?> item) => _properties.Add(item.Key, item.Value);
    public void Clear() => _properties.Clear();
    public bool Contains(KeyValuePair<string, object?> item) => ((ICollection<KeyValuePair<string, object?>>)_properties).Contains(item);
    public void CopyTo(KeyValuePair<string, object?>[] array, int arrayIndex) => ((ICollection<KeyValuePair<string, object?>>)_properties).CopyTo(array, arrayIndex);
    public bool Remove(KeyValuePair<string, object?> item) => ((ICollection<KeyValuePair<string, object?>>)_properties).Remove(item);
    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _properties.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
