using Lookout.Core.Issues;
using Lookout.Core.Reports;

namespace Lookout.Core.Formats.Kinds;

/// <summary>WICG Crash Reporting: why the page died, and where if the browser says.</summary>
public sealed class Crash : ReportKind
{
    public static readonly Crash Kind = new();

    public override string IssueRule =>
        "Reason (`oom`, `unresponsive`, …) + the document's origin: a crash is the site's, its pages are the reach. " +
        "The stack, visibility and frame are left out: they vary between crashes of one cause (addresses, builds).";

    public override IssueIdentity Identify(NormalizedReport report)
    {
        var reason = report.TextOf("Reason") ?? "(no reason)";
        var origin = IssueParts.DocumentOrigin(report.Url);
        return IssueIdentity.Of(Slug, $"crash: {reason} on {origin}", reason, origin);
    }

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
