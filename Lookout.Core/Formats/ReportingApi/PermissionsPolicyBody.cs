using Lookout.Core.Formats.Json;

namespace Lookout.Core.Formats.ReportingApi;

/// <summary>
/// Permissions Policy violation body (<c>permissions-policy-violation</c>); Document Policy shares it.
/// The spec names the member <c>featureId</c>; Chromium sends <c>policyId</c>.
/// </summary>
internal static class PermissionsPolicyBody
{
    public static void Extract(JsonObjectView body, FieldList fields) => fields
        .Add("FeatureId", body.String("featureId", "policyId", "feature-id", "policy-id"))
        .AddDisposition(body.String("disposition"))
        .Add("Message", body.String("message"))
        .Add("SourceFile", body.String("sourceFile"))
        .Add("LineNumber", body.Int64("lineNumber"))
        .Add("ColumnNumber", body.Int64("columnNumber"))
        .Add("AllowAttribute", body.String("allowAttribute"))
        .Add("SrcAttribute", body.String("srcAttribute"));
}
