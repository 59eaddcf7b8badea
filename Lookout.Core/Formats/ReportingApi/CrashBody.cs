using Lookout.Core.Formats.Json;

namespace Lookout.Core.Formats.ReportingApi;

/// <summary>Crash report body (<c>crash</c>, WICG Crash Reporting).</summary>
internal static class CrashBody
{
    public static void Extract(JsonObjectView body, FieldList fields) => fields
        .Add("Reason", body.String("reason"))
        .Add("CrashId", body.String("crash_id", "crashId"))
        .Add("Stack", body.String("stack"))
        .Add("IsTopLevel", body.Boolean("is_top_level", "isTopLevel"))
        .Add("VisibilityState", body.String("page_visibility", "visibility_state", "visibilityState"));
}
