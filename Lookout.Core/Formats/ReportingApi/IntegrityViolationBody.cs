using Lookout.Core.Formats.Json;

namespace Lookout.Core.Formats.ReportingApi;

/// <summary>Subresource Integrity violation body (<c>integrity-violation</c>).</summary>
internal static class IntegrityViolationBody
{
    public static void Extract(JsonObjectView body, FieldList fields) => fields
        .Add("DocumentUrl", body.String("documentURL", "documentUrl"))
        .Add("BlockedUrl", body.String("blockedURL", "blockedUrl"))
        .Add("Destination", body.String("destination"))
        .Add("ReportOnly", body.Boolean("reportOnly"));
}
