using System.Collections.Frozen;

namespace Lookout.Core.Triage;

/// <summary>
/// The lists shipped in <c>Triage/Data/*.txt</c> (embedded): one entry per line, <c>#</c> starts a comment
/// (at the line start, or after whitespace), blank lines are skipped. Each file says where its entries come from.
/// </summary>
public static class BuiltinLists
{
    /// <summary>Schemes of browser extensions (flag <c>browser-extension</c>).</summary>
    public static FrozenSet<string> ExtensionSchemes { get; } = Load("extension-schemes.txt").ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Schemes of the browser itself, apps embedding it, and local files (flag <c>browser-internal</c>).</summary>
    public static FrozenSet<string> BrowserSchemes { get; } = Load("browser-schemes.txt").ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Fragments of script samples injected by software on the visitor's machine (flag <c>injected-script</c>).</summary>
    public static IReadOnlyList<string> InjectedSamples { get; } = Load("injected-samples.txt", trimStart: false);

    /// <summary>Host patterns of injected scripts (flag <c>injected-script</c>).</summary>
    public static IReadOnlyList<HostPattern> InjectedHosts { get; } = Load("injected-hosts.txt").Select(HostPattern.Parse).ToList();

    /// <summary>Lines of <c>secret-parameters.txt</c>: <c>word x</c> or <c>contains x</c>.</summary>
    internal static IReadOnlyList<string> SecretParameterLines { get; } = Load("secret-parameters.txt");

    /// <summary>The entries of an embedded list. <paramref name="trimStart"/> false keeps leading spaces (a sample fragment may start with one).</summary>
    internal static List<string> Load(string file, bool trimStart = true)
    {
        using var stream = typeof(BuiltinLists).Assembly.GetManifestResourceStream("Lookout.Core.Triage.Data." + file)
            ?? throw new InvalidOperationException($"Embedded list {file} is missing.");
        using var reader = new StreamReader(stream);
        var entries = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.TrimStart().StartsWith('#'))
                continue;
            var comment = line.IndexOf(" #", StringComparison.Ordinal);
            var entry = (comment < 0 ? line : line[..comment]).TrimEnd();
            if (trimStart)
                entry = entry.TrimStart();
            if (entry.Trim().Length > 0)
                entries.Add(entry);
        }
        return entries;
    }
}

/// <summary>A host, or <c>*.domain</c> for the domain and every subdomain; compared case-insensitively.</summary>
public sealed record HostPattern(string Domain, bool Subdomains)
{
    public static HostPattern Parse(string text) => text.StartsWith("*.", StringComparison.Ordinal)
        ? new HostPattern(text[2..].ToLowerInvariant(), true)
        : new HostPattern(text.ToLowerInvariant(), false);

    public bool Matches(string? host)
    {
        if (string.IsNullOrEmpty(host))
            return false;
        if (host.Equals(Domain, StringComparison.OrdinalIgnoreCase))
            return true;
        return Subdomains && host.Length > Domain.Length + 1 && host[^(Domain.Length + 1)] == '.'
            && host.EndsWith(Domain, StringComparison.OrdinalIgnoreCase);
    }
}
