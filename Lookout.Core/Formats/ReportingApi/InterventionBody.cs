using Lookout.Core.Formats.Json;

namespace Lookout.Core.Formats.ReportingApi;

/// <summary>Intervention report body (<c>intervention</c>); deprecation shares these members.</summary>
internal static class InterventionBody
{
    public static void Extract(JsonObjectView body, FieldList fields) => fields
        .Add("ReportId", body.String("id"))
        .Add("Message", body.String("message"))
        .Add("SourceFile", body.String("sourceFile", "source_file"))
        .Add("LineNumber", body.Int64("lineNumber", "line_number"))
        .Add("ColumnNumber", body.Int64("columnNumber", "column_number"));
}
