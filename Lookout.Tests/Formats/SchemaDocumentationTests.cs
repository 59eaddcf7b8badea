using System.Text.RegularExpressions;
using Lookout.Tests.Support;

namespace Lookout.Tests.Formats;

/// <summary>
/// docs/schema.md and the README's schema table are what people query by: every key field a
/// collector can write must be documented there, so a new field cannot ship undocumented.
/// </summary>
public class SchemaDocumentationTests
{
    private static readonly Regex FieldWrite = new(@"fields\.(?:Text|Count|Fraction|Boolean|Date|Add)\(""(\w+)""");

    // Read once for the whole class: the theories below check ~50 names against the same files.
    private static readonly Lazy<SortedSet<string>> KeyFieldNames = new(ScanCollectors);
    private static readonly Lazy<string> SchemaDoc = new(() => File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "schema.md")));
    private static readonly Lazy<string> Readme = new(() => File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md")));

    public static TheoryData<string> KeyFields() => new(KeyFieldNames.Value);

    private static SortedSet<string> ScanCollectors()
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "Lookout.Core", "Formats"), "*.cs", SearchOption.AllDirectories))
            foreach (Match m in FieldWrite.Matches(File.ReadAllText(file)))
                names.Add(m.Groups[1].Value);
        return names;
    }

    [Fact]
    public void The_source_scan_finds_the_collectors() =>
        // Guards the scan itself: if the collectors' call shape changed, the theory below would test nothing.
        Assert.True(KeyFieldNames.Value.Count >= 40, $"only {KeyFieldNames.Value.Count} key fields found in Lookout.Core/Formats");

    [Theory]
    [MemberData(nameof(KeyFields))]
    public void Every_key_field_is_in_the_schema_reference(string field) =>
        Assert.Contains($"`{field}`", SchemaDoc.Value);

    [Theory]
    [MemberData(nameof(KeyFields))]
    public void Every_key_field_is_in_the_readme_table(string field) =>
        Assert.Contains($"`{field}`", Readme.Value);

    [Fact]
    public void Every_known_report_type_has_a_section_in_the_schema_reference()
    {
        foreach (var type in new[] { "csp-violation", "network-error", "deprecation", "intervention", "crash", "coep", "coop",
                     "permissions-policy-violation", "document-policy-violation", "integrity-violation", "csp-hash", "test",
                     "hpkp", "expect-ct", "expect-staple", "unknown" })
            Assert.Matches(new Regex(@"^### .*`" + Regex.Escape(type) + "`", RegexOptions.Multiline), SchemaDoc.Value);
    }
}
