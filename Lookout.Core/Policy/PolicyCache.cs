using System.Collections.Concurrent;

namespace Lookout.Core.Policy;

/// <summary>
/// Parsed policies by their text, so Normalize parses each distinct policy once. A site sends few policies, but
/// per-response nonces make every text unique: those are cached under their normalized text (the nonce value
/// never matters to a report's verdict). Bounded: when full it starts over.
/// </summary>
public static class PolicyCache
{
    public const int Capacity = 4096;
    private static readonly ConcurrentDictionary<string, ContentSecurityPolicy> Parsed = new(StringComparer.Ordinal);

    public static ContentSecurityPolicy Get(string serialized)
    {
        var key = serialized.Contains("'nonce-", StringComparison.OrdinalIgnoreCase) ? PolicyText.Normalize(serialized) : serialized;
        if (Parsed.TryGetValue(key, out var policy))
            return policy;
        if (Parsed.Count >= Capacity)
            Parsed.Clear();
        // The text itself is parsed (a normalized nonce is no valid nonce); its nonce value is never consulted.
        return Parsed.GetOrAdd(key, static (_, text) => ContentSecurityPolicy.Parse(text), serialized);
    }
}
