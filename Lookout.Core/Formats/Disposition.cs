namespace Lookout.Core.Formats;

/// <summary>
/// Report dispositions: browsers and collectors spell them <c>enforce</c>, <c>report</c>,
/// <c>reporting</c>, <c>report-only</c>, … in any case; Lookout stores <c>enforce</c> or <c>report</c>.
/// </summary>
public static class Disposition
{
    public const string Enforce = "enforce";
    public const string Report = "report";

    public static string? Normalize(string? raw) => raw?.Trim().ToLowerInvariant() switch
    {
        "enforce" or "enforced" or "enforcing" or "enforcement" => Enforce,
        "report" or "reporting" or "report-only" or "report_only" or "reportonly" => Report,
        _ => null,
    };
}
