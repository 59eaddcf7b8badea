using Lookout.Core.Formats.Json;

namespace Lookout.Core.Formats.ReportingApi;

/// <summary><c>crash</c> (WICG Crash Reporting): why the page died, and where if the browser says.</summary>
public static class CrashFields
{
    private static readonly JsonNames Reason = new("reason");
    private static readonly JsonNames Stack = new("stack");
    private static readonly JsonNames IsTopLevel = new("is_top_level", "isTopLevel");
    private static readonly JsonNames VisibilityState = new("visibility_state", "visibilityState");

    public static void Collect(FieldCollector fields)
    {
        fields.Text("Reason", Reason);
        fields.Text("Stack", Stack);
        fields.Boolean("IsTopLevel", IsTopLevel);
        fields.Text("VisibilityState", VisibilityState);
    }
}
