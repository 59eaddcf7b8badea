using Lookout.Core.Formats;
using Lookout.Core.Formats.Kinds;
using Lookout.Core.Formats.WireFormats;
using Lookout.Core.Records;

namespace Lookout.Tests.Formats.Kinds;

/// <summary>Rules every kind declaration keeps, so that derived behaviour (renaming, recognition) is unambiguous.</summary>
public class KindDeclarationTests
{
    public static TheoryData<string> Slugs() => new(ReportKinds.Builtin.All.Select(k => k.Slug));

    private static ReportKind Kind(string slug) => ReportKinds.Builtin.All.Single(k => k.Slug == slug);

    [Theory]
    [MemberData(nameof(Slugs))]
    public void No_spelling_belongs_to_two_fields_of_a_kind(string slug)
    {
        var spellings = Kind(slug).Fields.SelectMany(f => f.Names.Names).ToList();
        Assert.Equal(spellings.Count, spellings.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Slugs))]
    public void Columns_are_valid_table_property_names_and_unique(string slug)
    {
        var columns = Kind(slug).Fields.SelectMany(f => f.Columns).ToList();
        Assert.All(columns, c => Assert.True(StorableValues.IsPropertyName(c), c));
        Assert.Equal(columns.Count, columns.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Slugs))]
    public void Slugs_and_type_names_are_valid_type_slugs(string slug) =>
        Assert.All(Kind(slug).TypeNames, t => Assert.True(ReportingApiFormat.IsValidSlug(t.Name), t.Name));

    [Fact]
    public void Every_legacy_csp_marker_is_a_declared_csp_spelling()
    {
        var spellings = CspViolation.Kind.Fields.SelectMany(f => f.Names.Names).ToHashSet();
        Assert.All(LegacyCspFormat.Markers.Names, m => Assert.Contains(m, spellings));
    }

    [Fact]
    public void Every_format_but_the_reporting_api_reads_one_registered_kind() =>
        Assert.All(ReportClassifier.Formats.Where(f => f is not ReportingApiFormat),
            f => Assert.Contains(f.Kind!, ReportKinds.Builtin.All));
}
