using Lookout.Core.Reports;

namespace Lookout.Core.Formats.Kinds;

/// <summary>WICG Crash Reporting: why the page died, and where if the browser says.</summary>
public sealed class Crash : ReportKind
{
    public static readonly Crash Kind = new();

    private Crash() : base("crash",
    [
        Field.Text("Reason", ["reason"], note: "`oom`, `unresponsive`, …"),
        Field.Text("Stack", ["stack"]),
        Field.Flag("IsTopLevel", ["is_top_level", "isTopLevel"]),
        Field.Text("VisibilityState", ["visibility_state", "visibilityState"]),
    ])
    {
    }
}
