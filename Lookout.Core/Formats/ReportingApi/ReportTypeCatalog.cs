using Lookout.Core.Formats.Csp;
using Lookout.Core.Formats.Json;
using Lookout.Core.Formats.Tls;
using Lookout.Core.Reports;

namespace Lookout.Core.Formats.ReportingApi;

/// <summary>What Lookout knows of each Reporting API type: its slug and its key-field extractor.</summary>
public sealed record ReportTypeInfo(string Slug, Action<FieldCollector>? CollectFields, Func<string, string>? DraftRename = null);

public static class ReportTypeCatalog
{
    private static readonly Dictionary<string, ReportTypeInfo> Known = new(StringComparer.Ordinal)
    {
        [ReportTypes.CspViolation] = new(ReportTypes.CspViolation, CspViolationFields.Collect),
        [ReportTypes.NetworkError] = new(ReportTypes.NetworkError, NetworkErrorFields.Collect),
        [ReportTypes.Deprecation] = new(ReportTypes.Deprecation, DeprecationFields.CollectDeprecation),
        [ReportTypes.Intervention] = new(ReportTypes.Intervention, DeprecationFields.CollectIntervention),
        [ReportTypes.Crash] = new(ReportTypes.Crash, CrashFields.Collect),
        [ReportTypes.Coep] = new(ReportTypes.Coep, CrossOriginFields.CollectCoep),
        [ReportTypes.Coop] = new(ReportTypes.Coop, CrossOriginFields.CollectCoop),
        [ReportTypes.PermissionsPolicyViolation] = new(ReportTypes.PermissionsPolicyViolation, PolicyViolationFields.Collect),
        [ReportTypes.DocumentPolicyViolation] = new(ReportTypes.DocumentPolicyViolation, PolicyViolationFields.Collect),
        [ReportTypes.IntegrityViolation] = new(ReportTypes.IntegrityViolation, IntegrityFields.CollectIntegrityViolation),
        ["csp-hash"] = new("csp-hash", IntegrityFields.CollectCspHash),
        [ReportTypes.Test] = new(ReportTypes.Test, IntegrityFields.CollectTest),
        // Legacy TLS reports delivered through the Reporting API keep their kebab-case bodies.
        [ReportTypes.Hpkp] = new(ReportTypes.Hpkp, TlsReportParser.Collect(ReportTypes.Hpkp), BodyWriter.CamelCase),
        [ReportTypes.ExpectCt] = new(ReportTypes.ExpectCt, TlsReportParser.Collect(ReportTypes.ExpectCt), BodyWriter.CamelCase),
        [ReportTypes.ExpectStaple] = new(ReportTypes.ExpectStaple, TlsReportParser.Collect(ReportTypes.ExpectStaple), BodyWriter.CamelCase),
        // Earlier names: the 2018 Reporting API draft (csp, nel) and Feature Policy.
        ["csp"] = new(ReportTypes.CspViolation, CspViolationFields.Collect, DraftCspName),
        ["nel"] = new(ReportTypes.NetworkError, NetworkErrorFields.Collect, BodyWriter.SnakeCase),
        ["feature-policy-violation"] = new(ReportTypes.PermissionsPolicyViolation, PolicyViolationFields.Collect),
    };

    /// <summary>
    /// The type's entry; a type Lookout does not know yet is kept under its own name when that is a
    /// valid slug (lowercase letters, digits, '-', at most 64), so new browser reports are not lost.
    /// </summary>
    public static ReportTypeInfo? Resolve(string type) =>
        Known.TryGetValue(type, out var info) ? info
        : IsValidSlug(type) ? new ReportTypeInfo(type, null)
        : null;

    public static bool IsValidSlug(string type)
    {
        if (type.Length is 0 or > 64 || type[0] == '-' || type == ReportTypes.Unknown)
            return false;
        foreach (var c in type)
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
                return false;
        return true;
    }

    private static string DraftCspName(string name) => name switch
    {
        "blocked" => "blockedURL",
        "directive" => "violatedDirective",
        "policy" => "originalPolicy",
        "status" => "statusCode",
        _ => name,
    };
}
