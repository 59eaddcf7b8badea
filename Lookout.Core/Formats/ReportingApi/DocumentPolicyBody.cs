using Lookout.Core.Formats.Json;

namespace Lookout.Core.Formats.ReportingApi;

/// <summary>Document Policy violation body (<c>document-policy-violation</c>).</summary>
internal static class DocumentPolicyBody
{
    public static void Extract(JsonObjectView body, FieldList fields) => PermissionsPolicyBody.Extract(body, fields);
}
