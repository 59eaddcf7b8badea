using System.Text;
using Lookout.Core.Formats;
using Lookout.Core.Formats.Kinds;
using Lookout.Core.Reports;

namespace Lookout.Tests.Formats;

/// <summary>The "Types and key fields" part of docs/schema.md, written from the kind declarations.</summary>
internal static class SchemaReference
{
    public static string Kinds(ReportKinds kinds)
    {
        var doc = new StringBuilder();
        foreach (var kind in kinds.All)
        {
            var formats = ReportClassifier.Formats.Where(f => f.Kind == kind)
                .Select(f => $"`{f.SourceFormat}`").Prepend("`reporting-api`");
            doc.Append($"### `{kind.Slug}` (formats {string.Join(", ", formats)})\n\n");
            var older = kind.TypeNames.Skip(1).Select(t => $"`{t.Name}`").ToArray();
            if (older.Length > 0)
                doc.Append($"Also sent as type {string.Join(", ", older)}.\n\n");
            if (kind.Description.Length > 0)
                doc.Append(kind.Description).Append("\n\n");
            doc.Append("Issue: ").Append(kind.IssueRule).Append("\n\n");
            doc.Append("| property | Edm | from |\n|---|---|---|\n");
            foreach (var field in kind.Fields)
            {
                var from = string.Join(", ", field.Names.Names.Select(n => $"`{n}`")) + (field.Note is null ? "" : $" ({field.Note})");
                var column = field.Type == FieldType.Disposition ? $"`{field.Column}` / `{field.Column}Raw`" : $"`{field.Column}`";
                doc.Append($"| {column} | {Edm(field.Type)} | {from} |\n");
            }
            doc.Append('\n');
        }
        return doc.ToString();
    }

    private static string Edm(FieldType type) => type switch
    {
        FieldType.Count => "Int64",
        FieldType.Fraction => "Double",
        FieldType.Flag => "Boolean",
        FieldType.Date => "DateTime",
        _ => "String",
    };
}
