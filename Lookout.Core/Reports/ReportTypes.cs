namespace Lookout.Core.Reports;

/// <summary>
/// The one type slug no kind declares: reports no parser recognises. Every other slug (the Reporting API's
/// type name, or a legacy-only kind's name) is written once, in its kind file under Formats/Kinds, and is
/// listed at run time by <c>ReportKinds</c>.
/// </summary>
public static class ReportTypes
{
    public const string Unknown = "unknown";
}
