using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Lookout.Core.Policy;

/// <summary>
/// Parsed policies by a hash of their text, so Normalize parses each distinct policy once and looks it up
/// without allocating. Per-response nonces would make every text unique, so nonce values are left out of the
/// hash (a report's verdict never depends on them). Bounded: when full it starts over.
/// The key is FNV-1a (64 bits) plus <see cref="HashCode"/> (32 bits, seeded at random per process): policy
/// text is attacker-controlled, and an FNV collision alone can be computed offline, which would let a crafted
/// report put its policy in the place of a site's and have that site's reports judged (or counted) under it.
/// </summary>
public static class PolicyCache
{
    public const int Capacity = 4096;
    private static readonly ConcurrentDictionary<PolicyKey, ContentSecurityPolicy> Parsed = new();

    private static readonly ConcurrentDictionary<PolicyKey, PolicyIdentity> Identities = new();

    /// <summary>The policy's id and normalized text (<see cref="PolicyText"/>), computed once per distinct text (the same key).</summary>
    public static PolicyIdentity Identify(string serialized) => Cached(Identities, serialized, static text =>
    {
        var normalized = PolicyText.Normalize(text);
        return new PolicyIdentity(PolicyText.Id(normalized), normalized);
    });

    public static ContentSecurityPolicy Get(string serialized) => Cached(Parsed, serialized, ContentSecurityPolicy.Parse);

    private static T Cached<T>(ConcurrentDictionary<PolicyKey, T> cache, string serialized, Func<string, T> make)
    {
        var key = HashWithoutNonces(serialized);
        if (cache.TryGetValue(key, out var value))
            return value;
        if (cache.Count >= Capacity)
            cache.Clear();
        return cache.GetOrAdd(key, static (_, state) => state.make(state.serialized), (make, serialized));
    }

    /// <summary>A cache key: the FNV-1a and the seeded hash of the text without nonce values.</summary>
    internal readonly record struct PolicyKey(ulong Fnv, int Seeded);

    // FNV-1a over the UTF-16 text, skipping what follows "'nonce-" up to the closing quote; the same characters
    // also go to the per-process seeded HashCode.
    internal static PolicyKey HashWithoutNonces(ReadOnlySpan<char> text)
    {
        var hash = 14695981039346656037UL;
        var seeded = new HashCode();
        var segment = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            hash = (hash ^ c) * 1099511628211UL;
            if (c == '\'' && text[(i + 1)..].StartsWith("nonce-", StringComparison.OrdinalIgnoreCase))
            {
                var end = text[(i + 1)..].IndexOf('\'');
                if (end < 0)
                    continue;
                seeded.AddBytes(MemoryMarshal.AsBytes(text[segment..(i + 1)]));
                i += end; // the loop's i++ lands on the closing quote, which is hashed
                segment = i + 1;
            }
        }
        seeded.AddBytes(MemoryMarshal.AsBytes(text[segment..]));
        return new PolicyKey(hash, seeded.ToHashCode());
    }
}

/// <summary>A policy's id (<see cref="PolicyText.Id"/>) and the normalized text it is the hash of.</summary>
public sealed record PolicyIdentity(string Id, string Normalized);
