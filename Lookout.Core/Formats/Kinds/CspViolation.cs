using Lookout.Core.Issues;
using Lookout.Core.Reports;
using static Lookout.Core.Formats.Kinds.SharedFields;

namespace Lookout.Core.Formats.Kinds;

/// <summary>
/// Content Security Policy violations: the Reporting API body (CSP3), the legacy <c>csp-report</c>
/// object of Chrome, Firefox, Safari and old WebKit (<see cref="WireFormats.LegacyCspFormat"/>), and
/// the 2018 draft's <c>csp</c> type.
/// </summary>
public sealed class CspViolation : ReportKind
{
    public static readonly Field ViolatedDirective = Field.Text("ViolatedDirective",
        ["violatedDirective", "violated-directive", "violated_directive", "directive"], note: "`directive`: 2018 draft");

    // Firefox and old browsers send no effective-directive: it is the violated directive's name.
    public static readonly Field EffectiveDirective = Field.Text("EffectiveDirective",
        ["effectiveDirective", "effective-directive", "effective_directive"],
        note: "else the first token of the violated directive (Firefox, old browsers)",
        fallback: values => FirstToken(values.StringOf(ViolatedDirective.Column)));

    /// <summary>The policy that was violated, as the browser serialized it.</summary>
    public static readonly Field OriginalPolicy =
        Field.Text("OriginalPolicy", ["originalPolicy", "original-policy", "original_policy", "policy"], note: "`policy`: 2018 draft");

    // After the fields above: static fields initialise in order.
    public static readonly CspViolation Kind = new();

    private CspViolation() : base("csp-violation",
    [
        DocumentUrl,
        BlockedUrl,
        ViolatedDirective,
        EffectiveDirective,
        SharedFields.Disposition,
        Field.Count("StatusCode", ["statusCode", "status-code", "status_code", "status"], max: 999, note: "`status`: 2018 draft"),
        SourceFile,
        LineNumber,
        ColumnNumber,
        Field.Text("Sample", ["sample", "script-sample", "script_sample"]),
        Referrer,
        OriginalPolicy,
    ], olderNames: [new TypeName("csp", ConvertsBody: true)])
    {
    }

    public override string Description =>
        "A Reporting API report keeps its `body` as sent. A legacy `csp-report` body, or a 2018 draft `csp` body, is " +
        "rewritten with the generic names below; its whole numbers are written as numbers (left out when nonsense). " +
        "A legacy body also gets `disposition` normalized and `effectiveDirective` added when it had to be derived.";

    /// <summary>Directive + what was blocked (origin or keyword) + document origin and path + disposition.</summary>
    public override IssueIdentity Identify(NormalizedReport report)
    {
        var directive = report.TextOf(EffectiveDirective.Column) ?? "(no directive)";
        var blocked = UrlParts.BlockedOriginOrKeyword(report.TextOf(BlockedUrl.Column));
        var document = UrlParts.OriginAndPath(report.TextOf(DocumentUrl.Column) ?? report.Url);
        var disposition = report.TextOf(SharedFields.Disposition.Column) ?? "enforce";
        var title = $"{directive} blocked {blocked} on {UrlParts.Path(document) ?? "(no document)"}" + (disposition == "report" ? " (report-only)" : "");
        return IssueIdentity.Of(Slug, title, directive, blocked, document, disposition);
    }

    internal static string? FirstToken(string? directive)
    {
        var trimmed = directive?.Trim();
        if (string.IsNullOrEmpty(trimmed)) return null;
        var end = trimmed.IndexOfAny([' ', '\t']);
        return end < 0 ? trimmed : trimmed[..end];
    }
}
