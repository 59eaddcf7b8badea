using Lookout.Core.Formats.Json;

namespace Lookout.Core.Formats.ReportingApi;

/// <summary>Cross-Origin-Embedder-Policy report body (<c>coep</c>).</summary>
internal static class CoepBody
{
    public static void Extract(JsonObjectView body, FieldList fields) => fields
        .Add("ViolationType", body.String("type"))
        .Add("BlockedUrl", body.String("blockedURL", "blocked-url", "blockedUrl"))
        .AddDisposition(body.String("disposition"))
        .Add("Destination", body.String("destination"));
}
