namespace Lookout.Core.Policy;

/// <summary>
/// CSP3 §6.8.3 "get the effective directive's fallback list": which directives govern a check, most specific first.
/// The first one the policy has decides; when it has none, the check is allowed.
/// </summary>
public static class DirectiveFallback
{
    private static readonly Dictionary<string, string[]> Lists = new(StringComparer.Ordinal)
    {
        ["script-src-elem"] = ["script-src-elem", "script-src", "default-src"],
        ["script-src-attr"] = ["script-src-attr", "script-src", "default-src"],
        ["style-src-elem"] = ["style-src-elem", "style-src", "default-src"],
        ["style-src-attr"] = ["style-src-attr", "style-src", "default-src"],
        ["worker-src"] = ["worker-src", "child-src", "script-src", "default-src"],
        ["frame-src"] = ["frame-src", "child-src", "default-src"],
        ["fenced-frame-src"] = ["fenced-frame-src", "frame-src", "child-src", "default-src"],
        ["connect-src"] = ["connect-src", "default-src"],
        ["manifest-src"] = ["manifest-src", "default-src"],
        ["object-src"] = ["object-src", "default-src"],
        ["media-src"] = ["media-src", "default-src"],
        ["font-src"] = ["font-src", "default-src"],
        ["img-src"] = ["img-src", "default-src"],
        ["child-src"] = ["child-src", "default-src"],
        ["script-src"] = ["script-src", "default-src"],
        ["style-src"] = ["style-src", "default-src"],
        ["default-src"] = ["default-src"],
        // Document and navigation directives never fall back to default-src.
        ["base-uri"] = ["base-uri"],
        ["form-action"] = ["form-action"],
        ["frame-ancestors"] = ["frame-ancestors"],
    };

    /// <summary>The fallback list of a source-list directive; null for directives that do not take a source list.</summary>
    public static string[]? For(string effectiveDirective) => Lists.GetValueOrDefault(effectiveDirective);

    /// <summary>Every directive name whose value is a source list.</summary>
    public static IEnumerable<string> SourceListDirectives => Lists.Keys;
}
