using Lookout.Core.Reports;
using static Lookout.Core.Formats.Kinds.SharedFields;

namespace Lookout.Core.Formats.Kinds;

/// <summary>
/// Permissions Policy (formerly Feature Policy) violations: the feature, and where the page used it.
/// Chromium sends the feature as <c>policyId</c>; the specs say <c>featureId</c>.
/// </summary>
public sealed class PermissionsPolicyViolation : ReportKind
{
    /// <summary>Shared with <see cref="DocumentPolicyViolation"/>, which reports the same way.</summary>
    public static readonly IReadOnlyList<Field> PolicyFields =
    [
        Field.Text("FeatureId", ["featureId", "policyId", "feature-id", "policy-id"], note: "`policyId`: Chromium"),
        SharedFields.Disposition,
        Message,
        SourceFile,
        LineNumber,
        ColumnNumber,
        Field.Text("AllowAttribute", ["allowAttribute"], note: "iframe reports"),
        Field.Text("SrcAttribute", ["srcAttribute"], note: "iframe reports"),
    ];

    // After the fields above: static fields initialise in order.
    public static readonly PermissionsPolicyViolation Kind = new();

    private PermissionsPolicyViolation() : base("permissions-policy-violation", PolicyFields,
        olderNames: [new TypeName("feature-policy-violation", ConvertsBody: false)])
    {
    }
}
