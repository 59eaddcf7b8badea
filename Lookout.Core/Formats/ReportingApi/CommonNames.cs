using Lookout.Core.Formats.Json;

namespace Lookout.Core.Formats.ReportingApi;

/// <summary>Body member spellings shared by several report types.</summary>
internal static class CommonNames
{
    public static readonly JsonNames Message = new("message");
    public static readonly JsonNames SourceFile = new("sourceFile", "source-file", "source_file");
    public static readonly JsonNames LineNumber = new("lineNumber", "line-number", "line_number", "lineno");
    public static readonly JsonNames ColumnNumber = new("columnNumber", "column-number", "column_number", "colno");
    public static readonly JsonNames Disposition = new("disposition");
    public static readonly JsonNames Referrer = new("referrer");
    public static readonly JsonNames Type = new("type");
    public static readonly JsonNames BlockedUrl = new("blockedURL", "blocked-uri", "blockedURI", "blocked-url", "blocked_url", "blocked_uri", "blocked");
    public static readonly JsonNames DocumentUrl = new("documentURL", "document-uri", "documentURI", "document-url", "document_url", "document_uri");
    public static readonly JsonNames Destination = new("destination");

    /// <summary>Source location: file, line, column.</summary>
    public static void Location(FieldCollector fields)
    {
        fields.Text("SourceFile", SourceFile);
        fields.Count("LineNumber", LineNumber);
        fields.Count("ColumnNumber", ColumnNumber);
    }

    /// <summary>Disposition normalized to enforce/report; an unusual spelling is kept in DispositionRaw.</summary>
    public static void NormalizedDisposition(FieldCollector fields)
    {
        var raw = fields.Body.StringAt(fields.Body.IndexOfAny(Disposition));
        if (raw is null) return;
        var normalized = Formats.Disposition.Normalize(raw);
        if (normalized is not null)
            fields.Add("Disposition", normalized);
        if (!string.Equals(normalized, raw, StringComparison.Ordinal))
            fields.Add("DispositionRaw", raw);
    }
}
