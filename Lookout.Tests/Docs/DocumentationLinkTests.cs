using System.Text;
using System.Text.RegularExpressions;
using Lookout.Tests.Support;

namespace Lookout.Tests.Docs;

/// <summary>
/// Every relative link in README.md and docs/*.md points at a file that exists, and every <c>#anchor</c> at a heading
/// of the target (GitHub's anchor rules); the README starts with the two commands and the three-step path; no
/// reference page carries "what changed in issue N" text.
/// </summary>
public partial class DocumentationLinkTests
{
    public static TheoryData<string> Documents() =>
        new(new[] { "README.md" }.Concat(Directory.GetFiles(Path.Combine(RepoPaths.Root, "docs"), "*.md")
            .Select(f => "docs/" + Path.GetFileName(f))).Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Documents))]
    public void Relative_links_and_anchors_resolve(string document)
    {
        var path = Path.Combine(RepoPaths.Root, document);
        var broken = new List<string>();
        foreach (Match link in MarkdownLink().Matches(WithoutCode(File.ReadAllText(path))))
        {
            var target = link.Groups[1].Value;
            if (Regex.IsMatch(target, "^[a-z][a-z0-9+.-]*:", RegexOptions.IgnoreCase))
                continue; // https:, mailto: …
            var hash = target.IndexOf('#', StringComparison.Ordinal);
            var file = hash < 0 ? target : target[..hash];
            var anchor = hash < 0 ? null : target[(hash + 1)..];
            var full = file.Length == 0 ? path : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, Uri.UnescapeDataString(file)));
            if (!File.Exists(full) && !Directory.Exists(full))
                broken.Add($"{target}: no such file");
            else if (anchor is not null && full.EndsWith(".md", StringComparison.Ordinal) && !Anchors(File.ReadAllText(full)).Contains(anchor))
                broken.Add($"{target}: no heading with that anchor in {Path.GetFileName(full)}");
        }
        Assert.True(broken.Count == 0, $"{document}:\n" + string.Join('\n', broken));
    }

    [Fact]
    public void The_readme_starts_with_the_two_commands_and_the_three_steps_within_40_lines()
    {
        var lines = File.ReadAllLines(Path.Combine(RepoPaths.Root, "README.md"));
        Assert.StartsWith("./run-local.sh", lines[3]);
        Assert.StartsWith("./test.sh", lines[4]);
        var head = string.Join('\n', lines.Take(40));
        Assert.Contains("1. **Run it.**", head);
        Assert.Contains("2. **Paste the header**", head);
        Assert.Contains("3. **Open the dashboard**", head);
        Assert.Matches(@"first run about \d+ minutes", head);
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Reference_pages_carry_no_changelog_text(string document) =>
        Assert.DoesNotMatch(@"(?i)what changed[^.\n]*\(?issue \d+|changed in issue \d+", File.ReadAllText(Path.Combine(RepoPaths.Root, document)));

    /// <summary>The anchors GitHub gives a document's headings: lower case, punctuation dropped, spaces to hyphens, -1 … for repeats.</summary>
    internal static HashSet<string> Anchors(string markdown)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match heading in Heading().Matches(WithoutCode(markdown)))
        {
            var text = Regex.Replace(heading.Groups[1].Value.Trim(), @"\[([^\]]*)\]\([^)]*\)", "$1");
            var slug = new StringBuilder();
            foreach (var c in text.ToLowerInvariant())
            {
                if (char.IsLetterOrDigit(c) || c == '-' || c == '_') slug.Append(c);
                else if (c == ' ') slug.Append('-');
            }
            var anchor = slug.ToString();
            for (var n = 1; !anchors.Add(anchor); n++)
                anchor = slug + "-" + n;
        }
        return anchors;
    }

    /// <summary>The text without fenced code blocks and inline code spans that hold no link syntax of their own.</summary>
    private static string WithoutCode(string markdown) => Regex.Replace(markdown, @"(?ms)^```.*?^```", "");

    [GeneratedRegex(@"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"(?m)^#{1,6}\s+(.+?)\s*#*\s*$")]
    private static partial Regex Heading();
}
