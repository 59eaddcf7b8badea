using System.Text.RegularExpressions;
using Lookout.Core.Formats.Kinds;
using Lookout.Tests.Support;

namespace Lookout.Tests.Formats;

/// <summary>
/// docs/schema.md is what people query by. Its per-kind reference is generated from the kind declarations
/// (<see cref="SchemaReference"/>) and must match them; its hand-written "At a glance" table must name every
/// column a kind can write.
/// </summary>
public class SchemaDocumentationTests
{
    private const string Begin = "<!-- generated from Lookout.Core/Formats/Kinds by SchemaDocumentationTests: do not edit -->";
    private const string End = "<!-- end of generated section -->";

    private static readonly Lazy<string> SchemaDoc = new(() => File.ReadAllText(SchemaPath));
    private static readonly Lazy<string> AtAGlance = new(() =>
    {
        var doc = File.ReadAllText(SchemaPath);
        var start = doc.IndexOf("## At a glance", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/schema.md has no 'At a glance' section");
        return doc[start..doc.IndexOf("\n## ", start + 3, StringComparison.Ordinal)];
    });
    private static string SchemaPath => Path.Combine(RepoPaths.Root, "docs", "schema.md");

    public static TheoryData<string> Columns() =>
        new(ReportKinds.Builtin.All.SelectMany(k => k.Fields).SelectMany(f => f.Columns).Distinct().Order());

    [Fact]
    public void The_kinds_section_of_the_schema_reference_is_generated_from_the_declarations()
    {
        var doc = SchemaDoc.Value;
        var start = doc.IndexOf(Begin, StringComparison.Ordinal);
        var end = doc.IndexOf(End, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"docs/schema.md lacks the generated section markers");
        var expected = Begin + "\n" + SchemaReference.Kinds(ReportKinds.Builtin) + End;
        var actual = doc[start..(end + End.Length)];
        if (actual != expected && Environment.GetEnvironmentVariable("LOOKOUT_UPDATE_SNAPSHOTS") == "1")
            File.WriteAllText(SchemaPath, doc[..start] + expected + doc[(end + End.Length)..]);
        Assert.True(actual == expected, "docs/schema.md's kinds section is stale: LOOKOUT_UPDATE_SNAPSHOTS=1 dotnet test … regenerates it.");
    }

    [Theory]
    [MemberData(nameof(Columns))]
    public void Every_key_field_is_in_the_at_a_glance_table(string column) =>
        Assert.Contains($"`{column}`", AtAGlance.Value);

    [Fact]
    public void Every_known_report_type_has_a_section_in_the_schema_reference()
    {
        foreach (var type in ReportKinds.Builtin.All.Select(k => k.Slug).Append("unknown"))
            Assert.Matches(new Regex(@"^### .*`" + Regex.Escape(type) + "`", RegexOptions.Multiline), SchemaDoc.Value);
    }
}
