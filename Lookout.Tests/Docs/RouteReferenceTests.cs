using System.Text.RegularExpressions;
using Lookout.Functions;
using Lookout.Tests.Support;

namespace Lookout.Tests.Docs;

/// <summary>
/// Every <c>/api/…</c> path the scripts, the dashboard, Bicep, the bench, the tests and the docs name is a route the
/// app declares (<see cref="Routes"/>): a renamed route fails here instead of in a user's browser.
/// </summary>
public partial class RouteReferenceTests
{
    private static readonly string[] Patterns =
    [
        "*.sh", "scripts/*.mjs", "scripts/lib/*.mjs", "infra/*.bicep", "README.md", "docs/*.md",
        "Lookout.Functions/Dashboard/static/*.html", "Lookout.Functions/Dashboard/static/app/*.js",
    ];

    [GeneratedRegex(@"/api/([A-Za-z0-9_\-/{}*]*)")]
    private static partial Regex ApiPath();

    private static IEnumerable<string> Files() =>
        Patterns.SelectMany(pattern =>
        {
            var dir = Path.Combine(RepoPaths.Root, Path.GetDirectoryName(pattern)!);
            return Directory.Exists(dir) ? Directory.GetFiles(dir, Path.GetFileName(pattern)) : [];
        })
        .Concat(Directory.GetFiles(Path.Combine(RepoPaths.Root, "bench"), "*.cs", SearchOption.AllDirectories))
        .Concat(Directory.GetFiles(Path.Combine(RepoPaths.Root, "Lookout.Tests"), "*.cs", SearchOption.AllDirectories))
        .Where(f => Path.GetFileName(f) != nameof(RouteReferenceTests) + ".cs") // its own messages
        .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                    && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    /// <summary>A link such as <c>https://learn.microsoft.com/rest/api/…</c>: <c>/api/</c> deep in another site's path, not ours.</summary>
    private static bool IsDeeperPathOfAnotherSite(string text, int index)
    {
        var start = text.LastIndexOfAny([' ', '\n', '`', '"', '\'', '(', '<', '='], Math.Max(index - 1, 0)) + 1;
        var token = text[start..index];
        var scheme = token.IndexOf("://", StringComparison.Ordinal);
        return scheme >= 0 && token.IndexOf('/', scheme + 3) >= 0;
    }

    internal static bool IsDeclared(string path)
    {
        path = path.TrimEnd('*').TrimEnd('/'); // "read/*" names the folder
        if (path.Length == 0)
            return true; // the prefix itself, as in a base URL
        return Routes.All.Any(route =>
            route == path
            || route.StartsWith(path + "/", StringComparison.Ordinal)                       // a folder of routes: /api/read/
            || (route.EndsWith("/{*path}", StringComparison.Ordinal)                        // a file under a catch-all route
                && path.StartsWith(route[..^"{*path}".Length], StringComparison.Ordinal)));
    }

    [Fact]
    public void Every_api_path_named_in_the_repository_is_a_declared_route()
    {
        var unknown = new List<string>();
        var seen = 0;
        foreach (var file in Files())
        {
            var text = File.ReadAllText(file);
            foreach (Match m in ApiPath().Matches(text))
            {
                if (IsDeeperPathOfAnotherSite(text, m.Index))
                    continue;
                seen++;
                if (!IsDeclared(m.Groups[1].Value))
                    unknown.Add($"{Path.GetRelativePath(RepoPaths.Root, file)}: /api/{m.Groups[1].Value}");
            }
        }
        Assert.True(seen > 50, $"only {seen} /api/ paths found: the file patterns no longer match the repository");
        Assert.True(unknown.Count == 0, "Paths that no function serves:\n" + string.Join("\n", unknown.Distinct()));
    }

    [Theory]
    [InlineData("reports", true)]
    [InlineData("read/", true)]
    [InlineData("read/*", true)]
    [InlineData("dashboard/app/app.js", true)]
    [InlineData("read/kind", false)]
    [InlineData("report", false)]
    [InlineData("dashboards", false)]
    public void The_check_itself_tells_routes_from_near_misses(string path, bool declared) =>
        Assert.Equal(declared, IsDeclared(path));
}
