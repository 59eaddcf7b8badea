using System.Text.Json;
using System.Text.RegularExpressions;

namespace Lookout.Tests.Infra;

/// <summary>Reads repository files as text, independent of the compiled projects.</summary>
internal static class InfraFiles
{
    public static string RepoRoot => Lookout.Tests.Support.RepoPaths.Root;

    public static string Read(string relativePath) =>
        File.ReadAllText(Path.Combine(RepoRoot, relativePath.Replace('/', Path.DirectorySeparatorChar)));

    public static JsonDocument Json(string relativePath) => JsonDocument.Parse(Read(relativePath),
        new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });

    /// <summary>
    /// Settings of the custom-handler era that the isolated worker dropped: the Functions host owns the
    /// trigger, so there is no poller switch, and the poison queue is always <c>&lt;queue&gt;-poison</c>.
    /// Tests skip them whether or not LookoutOptions.cs still declares them.
    /// </summary>
    public static readonly IReadOnlySet<string> RetiredOptions = new HashSet<string> { "StandalonePoller", "PoisonQueueName" };

    /// <summary>LookoutOptions properties and their default expressions, parsed from the source.</summary>
    public static IReadOnlyDictionary<string, string?> OptionDefaults()
    {
        var text = Read("Lookout.Functions/LookoutOptions.cs");
        var result = new Dictionary<string, string?>();
        // `set;` or `init;`, optional `required`; the default (if any) is the expression after `=`.
        foreach (Match m in Regex.Matches(text, @"public\s+(?:required\s+)?[\w.<>]+\??\s+(\w+)\s*\{\s*get;\s*(?:set|init);\s*\}(?:\s*=\s*([^;]+);)?"))
            result[m.Groups[1].Value] = m.Groups[2].Success ? m.Groups[2].Value.Trim() : null;
        return result;
    }

    /// <summary>The options still in use: <see cref="OptionDefaults"/> less <see cref="RetiredOptions"/>.</summary>
    public static IEnumerable<string> CurrentOptions() => OptionDefaults().Keys.Where(name => !RetiredOptions.Contains(name));


    public static int IntDefault(string name)
    {
        var raw = OptionDefaults()[name] ?? throw new InvalidOperationException(name + " has no default");
        // Allows simple products such as "1024 * 1024".
        return raw.Split('*').Select(p => int.Parse(p.Trim(), System.Globalization.CultureInfo.InvariantCulture)).Aggregate(1, (a, b) => a * b);
    }

    /// <summary>Reads a C# string constant (e.g. <c>public const string Route = "/api/reports";</c>).</summary>
    public static string Constant(string relativePath, string name)
    {
        var m = Regex.Match(Read(relativePath), @"const\s+string\s+" + Regex.Escape(name) + @"\s*=\s*""([^""]*)""");
        Assert.True(m.Success, $"{name} not found in {relativePath}");
        return m.Groups[1].Value;
    }
}
