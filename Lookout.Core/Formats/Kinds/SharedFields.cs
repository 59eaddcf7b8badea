namespace Lookout.Core.Formats.Kinds;

/// <summary>Fields several kinds carry with the same spellings; declared once, used by each kind's file.</summary>
public static class SharedFields
{
    public static readonly Field DocumentUrl = Field.Text("DocumentUrl",
        ["documentURL", "document-uri", "documentURI", "document-url", "document_url", "document_uri"]);

    public static readonly Field BlockedUrl = Field.Text("BlockedUrl",
        ["blockedURL", "blocked-uri", "blockedURI", "blocked-url", "blocked_url", "blocked_uri", "blocked"],
        note: "`blocked`: 2018 draft");

    public static readonly Field Disposition = Field.Disposition("Disposition", ["disposition"]);
    public static readonly Field Message = Field.Text("Message", ["message"]);
    public static readonly Field Referrer = Field.Text("Referrer", ["referrer"]);
    public static readonly Field Destination = Field.Text("Destination", ["destination"]);

    // Where in the page's script it happened.
    public static readonly Field SourceFile = Field.Text("SourceFile", ["sourceFile", "source-file", "source_file"]);
    public static readonly Field LineNumber = Field.Count("LineNumber", ["lineNumber", "line-number", "line_number", "lineno"]);
    public static readonly Field ColumnNumber = Field.Count("ColumnNumber", ["columnNumber", "column-number", "column_number", "colno"]);
}
