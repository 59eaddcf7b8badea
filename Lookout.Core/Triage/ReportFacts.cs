using Lookout.Core.Formats.Kinds;
using Lookout.Core.Reports;

namespace Lookout.Core.Triage;

/// <summary>What noise detectors and user rules look at in a report (after scrubbing).</summary>
public sealed record ReportFacts(
    string Type, string? Site, string? Document, string? Blocked, string? SourceFile, string? Directive, string? Sample, string? UserAgent)
{
    /// <summary>The CSP report's own policy (<c>original-policy</c>), for the <c>impossible</c> detector.</summary>
    public string? Policy { get; init; }

    public static ReportFacts Of(NormalizedReport report, string? site, string? envelopeUserAgent) => new(
        report.Type,
        site,
        report.TextOf(SharedFields.DocumentUrl.Column) ?? report.Url,
        report.TextOf(SharedFields.BlockedUrl.Column),
        report.TextOf(SharedFields.SourceFile.Column),
        report.TextOf(CspViolation.EffectiveDirective.Column),
        report.TextOf("Sample"),
        report.UserAgent ?? envelopeUserAgent)
    {
        Policy = report.Type == CspViolation.Kind.Slug ? report.TextOf(CspViolation.OriginalPolicy.Column) : null,
    };

    /// <summary>
    /// The scheme of a URL (<c>chrome-extension</c> of <c>chrome-extension://id/x.js</c>), or of a bare scheme as
    /// browsers send it for privacy (<c>"chrome-extension"</c>) when <paramref name="bare"/>; lower case; else null.
    /// </summary>
    public static string? SchemeOf(string? value, bool bare = true)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text) || !char.IsAsciiLetter(text[0]))
            return null;
        for (var i = 1; i < text.Length; i++)
        {
            var c = text[i];
            if (c == ':')
                return text[..i].ToLowerInvariant();
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '.' or '-'))
                return null;
        }
        return bare ? text.ToLowerInvariant() : null;
    }

    /// <summary>The host of an absolute URL, else null.</summary>
    public static string? HostOf(string? url) =>
        Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri) && !string.IsNullOrEmpty(uri.Host) ? uri.Host : null;
}
