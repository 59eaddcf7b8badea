using Lookout.Core.Formats.Json;
using Lookout.Core.Issues;
using Lookout.Core.Reports;

namespace Lookout.Core.Formats.Kinds;

/// <summary>How a body in an older vocabulary (a legacy wire format or type name) gets its generic member names.</summary>
public enum BodyNaming
{
    /// <summary>Each declared spelling of a field becomes the field's generic name; other members keep theirs.</summary>
    GenericNames,
    /// <summary>Every member's kebab-case or snake_case name becomes camelCase (the RFC reports' members are mostly not key fields).</summary>
    CamelCase,
    /// <summary>Every member's kebab-case name becomes snake_case (a draft that spelled the spec's names with hyphens).</summary>
    SnakeCase,
}

/// <summary>A Reporting API type name a kind also answers to; <paramref name="ConvertsBody"/>: its body uses older member names.</summary>
public sealed record TypeName(string Name, bool ConvertsBody);

/// <summary>
/// One kind of report, declared in one file: its slug (the Reporting API type name, first half of the
/// PartitionKey), the older type names it answers to, and its key fields. Everything Lookout does
/// with a kind is derived from this declaration; a kind is registered in <see cref="ReportKinds"/>.
/// </summary>
public abstract class ReportKind
{
    private readonly Dictionary<string, Field> _bySpelling = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Field> _byGeneric = new(StringComparer.Ordinal);

    protected ReportKind(string slug, IReadOnlyList<Field> fields, IReadOnlyList<TypeName>? olderNames = null,
        BodyNaming olderBodies = BodyNaming.GenericNames, Field? incidentTime = null, bool alwaysOlderBodies = false)
    {
        Slug = slug;
        Fields = fields;
        TypeNames = [new TypeName(slug, alwaysOlderBodies), .. olderNames ?? []];
        OlderBodies = olderBodies;
        IncidentTime = incidentTime;
        foreach (var field in fields)
        {
            _byGeneric.TryAdd(field.Generic, field);
            foreach (var spelling in field.Names.Names)
                _bySpelling.TryAdd(spelling, field);
        }
    }

    public string Slug { get; }

    /// <summary>Key fields, in the order they are stored.</summary>
    public IReadOnlyList<Field> Fields { get; }

    /// <summary>
    /// The Reporting API type names that mean this kind: its slug first, then earlier names (drafts,
    /// renamed specs). A name that <see cref="TypeName.ConvertsBody"/> carries a body in older member names.
    /// </summary>
    public IReadOnlyList<TypeName> TypeNames { get; }

    /// <summary>How a body in older member names is converted to the generic shape.</summary>
    public BodyNaming OlderBodies { get; }

    /// <summary>A body member holding the incident's own time (HPKP and Expect-* <c>date-time</c>), if the kind has one.</summary>
    public Field? IncidentTime { get; }

    /// <summary>What the kind is, for the schema reference (Markdown).</summary>
    public virtual string Description => "";

    /// <summary>Reads the key fields of a body.</summary>
    public FieldValues Read(JsonMembers body)
    {
        var values = new FieldValues();
        foreach (var field in Fields)
            field.Read(body, values);
        return values;
    }

    /// <summary>The generic name of a member sent as <paramref name="sent"/>.</summary>
    public string GenericName(string sent) => OlderBodies switch
    {
        BodyNaming.CamelCase => BodyWriter.CamelCase(sent),
        BodyNaming.SnakeCase => sent.Replace('-', '_'),
        _ => _bySpelling.TryGetValue(sent, out var field) ? field.Generic : sent,
    };

    /// <summary>
    /// The issue a report belongs to. By default: the document's origin and the kind's key fields, URLs cut to
    /// origin and path, and line/column numbers, times and fractions left out (they differ between reports of one
    /// problem). The document's path is not part of it: the page is a dimension of an issue (its reach), not the
    /// problem. Kinds with a sharper notion of "the same problem" override it and say why in <see cref="IssueRule"/>.
    /// </summary>
    public virtual IssueIdentity Identify(NormalizedReport report)
    {
        var origin = IssueParts.DocumentOrigin(report.Url);
        var parts = new List<string?>(Fields.Count + 1) { origin };
        string? headline = null;
        foreach (var field in report.Fields)
        {
            var value = field.Value;
            switch (value.Kind)
            {
                case FieldKind.String:
                    var text = UrlParts.Origin(value.AsString) is null ? value.AsString : UrlParts.OriginAndPath(value.AsString);
                    parts.Add(field.Name + "=" + text);
                    headline ??= text;
                    break;
                case FieldKind.Int64 when field.Name is not ("LineNumber" or "ColumnNumber"):
                case FieldKind.Boolean:
                    parts.Add(field.Name + "=" + value);
                    break;
            }
        }
        var title = (headline is null ? Slug : $"{Slug}: {headline}") + $" on {origin}";
        return IssueIdentity.Of(Slug, title, [.. parts]);
    }

    /// <summary>The fingerprint rule of this kind and its reason, in a sentence or two (docs/schema.md shows it).</summary>
    public virtual string IssueRule =>
        "Document origin + every key field (URLs cut to origin and path; line and column numbers, times and fractions left out). " +
        "The page is a dimension of the issue, not part of it.";

    /// <summary>The field whose generic name is <paramref name="generic"/>, if any.</summary>
    public Field? FieldNamed(string generic) => _byGeneric.GetValueOrDefault(generic);
}
