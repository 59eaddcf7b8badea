using Lookout.Core.Formats.Json;

namespace Lookout.Core.Formats.ReportingApi;

/// <summary>Cross-Origin-Opener-Policy report body (<c>coop</c>).</summary>
internal static class CoopBody
{
    public static void Extract(JsonObjectView body, FieldList fields) => fields
        .Add("ViolationType", body.String("type"))
        .AddDisposition(body.String("disposition"))
        .Add("EffectivePolicy", body.String("effectivePolicy"))
        .Add("PreviousResponseUrl", body.String("previousResponseURL", "previousResponseUrl"))
        .Add("NextResponseUrl", body.String("nextResponseURL", "nextResponseUrl"))
        .Add("OpenerUrl", body.String("openerURL", "openerUrl"))
        .Add("OpenedWindowUrl", body.String("openedWindowURL", "openedWindowUrl"))
        .Add("OtherDocumentUrl", body.String("otherDocumentURL", "otherDocumentUrl"))
        .Add("InitialPopupUrl", body.String("initialPopupURL", "initialPopupUrl"))
        .Add("Referrer", body.String("referrer"))
        .Add("Property", body.String("property"))
        .Add("SourceFile", body.String("sourceFile"))
        .Add("LineNumber", body.Int64("lineNumber"))
        .Add("ColumnNumber", body.Int64("columnNumber"));
}
