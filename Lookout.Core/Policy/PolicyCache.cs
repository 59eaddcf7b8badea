using System.Collections.Concurrent;

namespace Lookout.Core.Policy;

/// <summary>
/// Parsed policies by a 64-bit hash of their text, so Normalize parses each distinct policy once and looks it up
/// without allocating. Per-response nonces would make every text unique, so nonce values are left out of the
/// hash (a report's verdict never depends on them). Bounded: when full it starts over.
/// </summary>
public static class PolicyCache
{
    public const int Capacity = 4096;
    private static readonly ConcurrentDictionary<ulong, ContentSecurityPolicy> Parsed = new();

    private static readonly ConcurrentDictionary<ulong, PolicyIdentity> Identities = new();

    /// <summary>The policy's id and normalized text (<see cref="PolicyText"/>), computed once per distinct text (the same key).</summary>
    public static PolicyIdentity Identify(string serialized) => Cached(Identities, serialized, static text =>
    {
        var normalized = PolicyText.Normalize(text);
        return new PolicyIdentity(PolicyText.Id(normalized), normalized);
    });

    public static ContentSecurityPolicy Get(string serialized) => Cached(Parsed, serialized, ContentSecurityPolicy.Parse);

    private static T Cached<T>(ConcurrentDictionary<ulong, T> cache, string serialized, Func<string, T> make)
    {
        var key = HashWithoutNonces(serialized);
        if (cache.TryGetValue(key, out var value))
            return value;
        if (cache.Count >= Capacity)
            cache.Clear();
        return cache.GetOrAdd(key, static (_, state) => state.make(state.serialized), (make, serialized));
    }

    // FNV-1a over the UTF-16 text, skipping what follows "'nonce-" up to the closing quote.
    internal static ulong HashWithoutNonces(ReadOnlySpan<char> text)
    {
        var hash = 14695981039346656037UL;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            hash = (hash ^ c) * 1099511628211UL;
            if (c == '\'' && text[(i + 1)..].StartsWith("nonce-", StringComparison.OrdinalIgnoreCase))
            {
                var end = text[(i + 1)..].IndexOf('\'');
                if (end < 0)
                    continue;
                i += end; // the loop's i++ lands on the closing quote, which is hashed
            }
        }
        return hash;
    }
}

/// <summary>A policy's id (<see cref="PolicyText.Id"/>) and the normalized text it is the hash of.</summary>
public sealed record PolicyIdentity(string Id, string Normalized);
