using System.Text.Json;
using Lookout.Core.Formats.Json;
using Lookout.Core.Reports;

namespace Lookout.Core.Formats.ReportingApi;

/// <summary>
/// The generic Reporting API envelope <c>{type, age, url, user_agent, body}</c> (Report-To v0 and
/// Reporting-Endpoints v1 share it). Dispatches the body to the extractor of its type; a future type
/// with a valid slug is kept under its own slug with no key fields.
/// </summary>
internal static class ReportingApiParser
{
    private delegate void BodyExtractor(JsonObjectView body, FieldList fields);

    private static readonly Dictionary<string, BodyExtractor> Extractors = new(StringComparer.Ordinal)
    {
        [ReportTypes.CspViolation] = CspViolationBody.Extract,
        [ReportTypes.NetworkError] = NetworkErrorBody.Extract,
        [ReportTypes.Deprecation] = DeprecationBody.Extract,
        [ReportTypes.Intervention] = InterventionBody.Extract,
        [ReportTypes.Crash] = CrashBody.Extract,
        [ReportTypes.Coep] = CoepBody.Extract,
        [ReportTypes.Coop] = CoopBody.Extract,
        [ReportTypes.PermissionsPolicyViolation] = PermissionsPolicyBody.Extract,
        [ReportTypes.DocumentPolicyViolation] = DocumentPolicyBody.Extract,
        [ReportTypes.IntegrityViolation] = IntegrityViolationBody.Extract,
        [ReportTypes.Test] = TestBody.Extract,
        [ReportTypes.Hpkp] = Hpkp.CertificateReportFields.Extract,
    };

    /// <summary>Type names of the 2018 Reporting API draft (django-lookout's sample) and their current slugs.</summary>
    private static readonly Dictionary<string, string> DraftNames = new(StringComparer.Ordinal)
    {
        ["csp"] = ReportTypes.CspViolation,
        ["nel"] = ReportTypes.NetworkError,
    };

    /// <summary>True when the object has the generic shape: a string <c>type</c> and an object <c>body</c>.</summary>
    public static bool IsGeneric(JsonObjectView report) =>
        report.Find("type") is { Kind: JsonTokenType.String } && report.Find("body") is { Kind: JsonTokenType.StartObject };

    public static NormalizedReport Parse(JsonObjectView report, string raw, int maxDepth)
    {
        var typeName = report.String("type") ?? "";
        var bodyMember = report.Find("body")!.Value;
        var body = report.Object("body", maxDepth)!;
        var url = report.String("url");
        var userAgent = report.String("user_agent", "userAgent");
        var age = report.Int64("age");

        if (!IsValidSlug(typeName))
        {
            return new NormalizedReport
            {
                Type = ReportTypes.Unknown,
                SourceFormat = SourceFormats.ReportingApi,
                Url = url,
                UserAgent = userAgent,
                AgeMilliseconds = age,
                Body = report.RawValue(bodyMember),
                Raw = raw,
                UnknownReason = $"Reporting API report whose type \"{Truncate(typeName, 80)}\" is not a valid type name (lowercase letters, digits and '-', at most 64).",
            };
        }

        if (DraftNames.TryGetValue(typeName, out var current))
            typeName = current;
        var fields = new FieldList();
        if (Extractors.TryGetValue(typeName, out var extract))
            extract(body, fields);

        return new NormalizedReport
        {
            Type = typeName,
            SourceFormat = SourceFormats.ReportingApi,
            Url = url,
            UserAgent = userAgent,
            AgeMilliseconds = age,
            Body = report.RawValue(bodyMember),
            Raw = raw,
            Fields = fields.Fields,
        };
    }

    /// <summary>Lowercase ASCII letters, digits and '-', 1–64 characters, starting with a letter; never <c>unknown</c>.</summary>
    public static bool IsValidSlug(string name)
    {
        if (name.Length is 0 or > 64 || name[0] is < 'a' or > 'z' || name == ReportTypes.Unknown)
            return false;
        foreach (var c in name)
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
                return false;
        return true;
    }

    internal static string Truncate(string s, int max) => s.Length <= max ? s : s[..max] + "…";
}
