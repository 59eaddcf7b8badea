using System.Text.RegularExpressions;
using Lookout.Tests.Support;

namespace Lookout.Tests.Formats;

/// <summary>The Layout map of Lookout.Core (docs/layout.md) stays true: every file and folder it names exists.</summary>
public class ReadmeLayoutTests
{
    [Fact]
    public void Every_core_path_in_the_layout_exists()
    {
        var layout = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "layout.md"));
        var rows = layout.Split('\n').Where(l => l.StartsWith("| `Lookout.Core/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(rows);
        foreach (var row in rows)
        {
            var cells = row.Split('|');
            var folder = Regex.Match(cells[1], "`(Lookout.Core/[^`]*)`").Groups[1].Value;
            var root = Path.Combine(RepoPaths.Root, folder);
            Assert.True(File.Exists(root) || Directory.Exists(root), $"{folder} does not exist");
            var dir = Directory.Exists(root) ? root : Path.GetDirectoryName(root)!;
            foreach (Match file in Regex.Matches(row, @"`(\w+\.cs)`"))
                Assert.True(File.Exists(Path.Combine(dir, file.Groups[1].Value)), $"{file.Groups[1].Value} is not in {folder}");
        }
    }
}
