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

    public static readonly Field Sample = Field.Text("Sample", ["sample", "script-sample", "script_sample"]);

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
        Sample,
        Referrer,
        OriginalPolicy,
    ], olderNames: [new TypeName("csp", ConvertsBody: true)])
    {
    }

    public override string Description =>
        "A Reporting API report keeps its `body` as sent. A legacy `csp-report` body, or a 2018 draft `csp` body, is " +
        "rewritten with the generic names below; its whole numbers are written as numbers (left out when nonsense). " +
        "A legacy body also gets `disposition` normalized and `effectiveDirective` added when it had to be derived.";

    public override string IssueRule =>
        "Effective directive + blocked origin (or its keyword: `inline`, `eval`, `data`, …) + disposition; no document: " +
        "one resource blocked site-wide is one problem, fixed once in the policy, and the pages are its reach. For " +
        "`inline`, `eval`, `wasm-eval` and `trusted-types-*`, which carry no URL, also the script sample (whitespace " +
        "collapsed) when sent, else the source file's origin and path when it is not the document, else the document's " +
        "origin: each distinct snippet is its own fix.";

    public override IssueIdentity Identify(NormalizedReport report)
    {
        var directive = report.TextOf(EffectiveDirective.Column) ?? "(no directive)";
        var blocked = UrlParts.BlockedOriginOrKeyword(report.TextOf(BlockedUrl.Column));
        var disposition = report.TextOf(SharedFields.Disposition.Column) ?? "enforce";
        var only = disposition == "report" ? " (report-only)" : "";
        if (!IssueParts.IsScriptKeyword(blocked))
            return IssueIdentity.Of(Slug, $"{directive} blocked {blocked}{only}", directive, blocked, disposition);
        if (IssueParts.Sample(report.TextOf(Sample.Column)) is { } sample)
            return IssueIdentity.Of(Slug, $"{directive} blocked {blocked}: {sample}{only}", directive, blocked, disposition, "sample", sample);
        var where = IssueParts.ScriptLocation(report.TextOf(SourceFile.Column), report.TextOf(DocumentUrl.Column) ?? report.Url);
        return IssueIdentity.Of(Slug, $"{directive} blocked {blocked} in {where}{only}", directive, blocked, disposition, "in", where);
    }

    internal static string? FirstToken(string? directive)
    {
        var trimmed = directive?.Trim();
        if (string.IsNullOrEmpty(trimmed)) return null;
        var end = trimmed.IndexOfAny([' ', '\t']);
        return end < 0 ? trimmed : trimmed[..end];
    }
}
