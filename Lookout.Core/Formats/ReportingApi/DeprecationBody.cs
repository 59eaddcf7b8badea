using Lookout.Core.Formats.Json;

namespace Lookout.Core.Formats.ReportingApi;

/// <summary>Deprecation report body (<c>deprecation</c>).</summary>
internal static class DeprecationBody
{
    public static void Extract(JsonObjectView body, FieldList fields)
    {
        InterventionBody.Extract(body, fields);
        fields.Add("AnticipatedRemoval", body.DateTime("anticipatedRemoval"));
    }
}
