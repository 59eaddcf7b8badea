using Lookout.Core.Issues;
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

    public override string IssueRule => PolicyRule;

    internal const string PolicyRule =
        "Feature + disposition + the iframe `src` origin (iframe reports) + where it was used: the source file's origin " +
        "and path when it is a file of its own, else the document's origin. The message only restates the feature; " +
        "a policy use is fixed in the script (or the iframe) that makes it, whichever page runs it.";

    public override IssueIdentity Identify(NormalizedReport report) => FeatureAndSource(Slug, report);

    internal static IssueIdentity FeatureAndSource(string slug, NormalizedReport report)
    {
        var feature = report.TextOf("FeatureId") ?? "(no feature)";
        var disposition = report.TextOf(SharedFields.Disposition.Column) ?? "enforce";
        var frame = UrlParts.Origin(report.TextOf("SrcAttribute")) ?? UrlParts.WithoutQuery(report.TextOf("SrcAttribute"));
        var where = IssueParts.ScriptLocation(report.TextOf(SourceFile.Column), report.Url);
        var title = $"{slug}: {feature} in {where}" + (frame is null ? "" : $" (iframe {frame})") + (disposition == "report" ? " (report-only)" : "");
        return IssueIdentity.Of(slug, title, feature, disposition, frame, where);
    }

    private PermissionsPolicyViolation() : base("permissions-policy-violation", PolicyFields,
        olderNames: [new TypeName("feature-policy-violation", ConvertsBody: false)])
    {
    }
}
