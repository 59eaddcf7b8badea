namespace Lookout.Core.Reports;

/// <summary>
/// Type slugs: the Reporting API's own type names, plus the legacy-only kinds and <c>unknown</c>.
/// A slug is the first half of every PartitionKey, so it never contains key-forbidden characters.
/// </summary>
public static class ReportTypes
{
    public const string CspViolation = "csp-violation";
    public const string NetworkError = "network-error";
    public const string Deprecation = "deprecation";
    public const string Intervention = "intervention";
    public const string Crash = "crash";
    public const string Coep = "coep";
    public const string Coop = "coop";
    public const string PermissionsPolicyViolation = "permissions-policy-violation";
    public const string DocumentPolicyViolation = "document-policy-violation";
    public const string IntegrityViolation = "integrity-violation";
    public const string CspHash = "csp-hash";
    public const string Test = "test";
    public const string Hpkp = "hpkp";
    public const string ExpectCt = "expect-ct";
    public const string ExpectStaple = "expect-staple";
    public const string Unknown = "unknown";
}
