using Lookout.Core.Formats.Kinds;
using Lookout.Core.Reports;

namespace Lookout.Core.Issues;

/// <summary>Which rule identifies a report's issue: its kind's, else the rules for reports no kind describes.</summary>
public static class IssueRules
{
    public static IssueIdentity Identify(NormalizedReport report, ReportKinds? kinds = null)
    {
        if ((kinds ?? ReportKinds.Builtin).TryResolve(report.Type, out var kind, out _))
            return kind.Identify(report);
        if (report.Type == ReportTypes.Unknown)
        {
            // Unrecognised input: the same reason from the same origin is one problem.
            var reason = report.UnknownReason ?? "(no reason)";
            return IssueIdentity.Of(report.Type, $"unrecognised: {reason}", reason, UrlParts.Origin(report.Url));
        }
        // A Reporting API type no kind declares (a newer spec): its type and the document's origin; its pages are the reach.
        var origin = IssueParts.DocumentOrigin(report.Url);
        return IssueIdentity.Of(report.Type, $"{report.Type} on {origin}", origin);
    }
}
