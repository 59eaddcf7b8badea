using Lookout.Core.Reports;

namespace Lookout.Core.Formats.Kinds;

/// <summary>Document Policy violations, reported like permissions-policy violations.</summary>
public sealed class DocumentPolicyViolation : ReportKind
{
    public static readonly DocumentPolicyViolation Kind = new();

    private DocumentPolicyViolation() : base("document-policy-violation", PermissionsPolicyViolation.PolicyFields)
    {
    }
}
