namespace Lookout.Storage;

/// <summary>The service's naming rules, checked before a request so a bad name fails fast and clearly.</summary>
public static class TableNames
{
    /// <summary>Largest key: 1 KiB. Counted in UTF-16 bytes (how the service stores strings), so any key we accept fits.</summary>
    public const int MaxKeyBytes = 1024;

    /// <summary>Table names: 3–63 letters and digits, starting with a letter, not the reserved "tables".</summary>
    public static void ValidateTableName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var ok = name.Length is >= 3 and <= 63
                 && char.IsAsciiLetter(name[0])
                 && name.All(char.IsAsciiLetterOrDigit)
                 && !string.Equals(name, "tables", StringComparison.OrdinalIgnoreCase);
        if (!ok)
            throw new ArgumentException($"'{name}' is not a valid table name (3-63 letters and digits, starting with a letter, not 'tables').", nameof(name));
    }

    /// <summary>PartitionKey/RowKey: at most 1 KiB, without '/', '\', '#', '?' or control characters.</summary>
    public static void ValidateKey(string? key, string what)
    {
        if (key is null)
            throw new ArgumentNullException(what, $"The {what} is required.");
        if (key.Length * 2 > MaxKeyBytes)
            throw new ArgumentException($"The {what} is {key.Length} characters; keys hold at most {MaxKeyBytes / 2}.", what);
        foreach (var c in key)
        {
            if (c is '/' or '\\' or '#' or '?' || char.IsControl(c))
                throw new ArgumentException($"The {what} '{Printable(key)}' contains '{Printable(c.ToString())}', which keys may not contain.", what);
        }
    }

    private static string Printable(string s) =>
        string.Concat(s.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
}
