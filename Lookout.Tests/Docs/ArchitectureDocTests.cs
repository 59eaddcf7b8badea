using System.Text.RegularExpressions;
using Lookout.Tests.Support;

namespace Lookout.Tests.Docs;

/// <summary>docs/architecture.md is the one picture of the system: the README shows the same diagram, and the folders it names exist.</summary>
public partial class ArchitectureDocTests
{
    private static string Read(string path) => File.ReadAllText(Path.Combine(RepoPaths.Root, path));

    [GeneratedRegex(@"^```[a-z]*\n(.*?)^```", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex CodeBlock();

    [Fact]
    public void The_readme_shows_the_architecture_diagram()
    {
        var diagram = CodeBlock().Match(Read("docs/architecture.md")).Groups[1].Value;
        Assert.Contains("Normalize", diagram);
        Assert.Contains(diagram, CodeBlock().Matches(Read("README.md")).Select(m => m.Groups[1].Value));
    }

    [Fact]
    public void Every_folder_the_architecture_names_exists()
    {
        var named = Regex.Matches(Read("docs/architecture.md"), @"^\| `(Lookout\.[\w.]+(?:/\w+)?)`", RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value).ToList();
        Assert.True(named.Count > 10, $"only {named.Count} folders named");
        Assert.All(named, folder => Assert.True(Directory.Exists(Path.Combine(RepoPaths.Root, folder)), $"{folder} does not exist"));
    }
}
