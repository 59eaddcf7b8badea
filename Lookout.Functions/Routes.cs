namespace Lookout.Functions;

/// <summary>
/// Every HTTP route the app serves, below the host's route prefix (<c>api</c>, host.json). The trigger attributes
/// use these constants; scripts, the dashboard, Bicep, the bench and the docs spell the same paths, and
/// <c>Lookout.Tests/Docs/RouteReferenceTests</c> checks every <c>/api/…</c> path they name against <see cref="All"/>.
/// </summary>
public static class Routes
{
    /// <summary>The Functions host's default route prefix; host.json keeps it.</summary>
    public const string Prefix = "api";

    public const string Reports = "reports";
    public const string Health = "health";
    public const string Dashboard = "dashboard";
    public const string DashboardFiles = "dashboard/app/{*path}";
    public const string ReadIssues = "read/issues";
    public const string ReadTop = "read/top";
    public const string ReadCounts = "read/counts";
    public const string ReadReports = "read/reports";
    public const string ReadReport = "read/report";
    public const string ReadKinds = "read/kinds";
    public const string ReadSetup = "read/setup";
    public const string ReadTriage = "read/triage";
    public const string ReadTriageRules = "read/triage/rules";
    public const string Triage = "triage";
    public const string TriageRules = "triage/rules";
    public const string ReadPolicies = "read/policies";
    public const string ReadPolicy = "read/policy";

    public static IReadOnlyList<string> All { get; } =
        [Reports, Health, Dashboard, DashboardFiles, ReadIssues, ReadTop, ReadCounts, ReadReports, ReadReport, ReadKinds, ReadSetup,
         ReadTriage, ReadTriageRules, Triage, TriageRules, ReadPolicies, ReadPolicy];
}
