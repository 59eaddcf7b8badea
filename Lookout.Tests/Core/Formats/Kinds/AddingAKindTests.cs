using System.Text;
using Lookout.Core.Deliveries;
using Lookout.Core.Envelopes;
using Lookout.Core.Formats;
using Lookout.Core.Formats.Kinds;
using Lookout.Core.Records;

namespace Lookout.Tests.Formats.Kinds;

/// <summary>A made-up report kind, declared only here, the way every real kind is declared.</summary>
public sealed class ExampleViolation : ReportKind
{
    public static readonly ExampleViolation Kind = new();

    private ExampleViolation() : base("example-violation",
    [
        Field.Text("Target", ["target", "target-url"], note: "`target-url`: the 2024 draft"),
        Field.Count("Attempts", ["attempts"], max: 100),
    ], olderNames: [new TypeName("example", ConvertsBody: true)])
    {
    }

    public override string Description => "Something the example policy stopped.";
}

/// <summary>Issue 17: adding a report kind is one declaration, registered like the built-in ones.</summary>
public class AddingAKindTests
{
    private static readonly ReportKinds Kinds = ReportKinds.Builtin.With(ExampleViolation.Kind);

    private static Lookout.Core.Reports.NormalizedReport ParseOne(string json)
    {
        var result = DeliveryParser.Parse(Encoding.UTF8.GetBytes(json), WireFormat.ReportsJson, kinds: Kinds);
        Assert.True(result.IsSuccess, result.Error?.Message);
        return Assert.Single(result.Reports);
    }

    [Fact]
    public void A_kind_declared_in_the_test_project_parses_with_its_key_fields()
    {
        var r = ParseOne("""[{"type":"example-violation","age":1,"url":"https://a.example/","body":{"target":"https://b.example/","attempts":"3"}}]""");
        Assert.Equal("example-violation", r.Type);
        Assert.Equal("https://b.example/", r.Str("Target"));
        Assert.Equal(3, r.Int("Attempts"));
        Assert.Equal("""{"target":"https://b.example/","attempts":"3"}""", r.Body); // a current type's body is kept as sent
    }

    [Fact]
    public void Its_older_type_name_normalizes_the_body_to_the_generic_names()
    {
        var r = ParseOne("""[{"type":"example","url":"https://a.example/","body":{"target-url":"https://b.example/","attempts":"7","other":true}}]""");
        Assert.Equal("example-violation", r.Type);
        Assert.Equal("https://b.example/", r.Str("Target"));
        Assert.Equal("""{"target":"https://b.example/","attempts":7,"other":true}""", r.Body);
        var record = ReportRecordBuilder.Build(new Envelope { Id = "abc", ReceivedAt = DateTimeOffset.UnixEpoch, ContentType = "application/reports+json" }, 0, r);
        Assert.StartsWith("example-violation_", record.PartitionKey);
        Assert.Equal(7, record["Attempts"]!.Value.AsInt64);
    }

    [Fact]
    public void Without_registration_the_type_is_only_kept_under_its_own_name()
    {
        var result = DeliveryParser.Parse("""[{"type":"example-violation","url":"u","body":{"target":"t"}}]"""u8, WireFormat.ReportsJson);
        var r = Assert.Single(result.Reports);
        Assert.Equal("example-violation", r.Type);
        Assert.Empty(r.Fields);
    }

    [Fact]
    public void It_documents_itself_in_the_schema_reference()
    {
        var doc = SchemaReference.Kinds(Kinds);
        Assert.Contains("""
            ### `example-violation` (formats `reporting-api`)

            Also sent as type `example`.

            Something the example policy stopped.

            Issue: Document origin + every key field (URLs cut to origin and path; line and column numbers, times and fractions left out). The page is a dimension of the issue, not part of it.

            | property | Edm | from |
            |---|---|---|
            | `Target` | String | `target`, `target-url` (`target-url`: the 2024 draft) |
            | `Attempts` | Int64 | `attempts` |
            """.ReplaceLineEndings("\n"), doc);
    }

    [Fact]
    public void Two_kinds_cannot_answer_to_the_same_type_name() =>
        Assert.Throws<ArgumentException>(() => Kinds.With(ExampleViolation.Kind));
}
