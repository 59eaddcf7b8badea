using System.Text;

namespace Lookout.Core.Issues;

/// <summary>Pieces several kinds' fingerprint rules share: a script sample, and where a script ran.</summary>
public static class IssueParts
{
    /// <summary>CSP's blocked keywords that stand for script the page ran itself, with no URL to tell problems apart.</summary>
    public static bool IsScriptKeyword(string blocked) =>
        blocked is "inline" or "eval" or "wasm-eval" or "trusted-types-policy" or "trusted-types-sink";

    /// <summary>
    /// A script sample with every run of whitespace collapsed to one space and trimmed; null when nothing is
    /// left. Nonces, numbers and quoted strings stay: no spec says which of them are incidental, and a sample is
    /// what a person searches the code for.
    /// </summary>
    public static string? Sample(string? sample)
    {
        if (string.IsNullOrWhiteSpace(sample))
            return null;
        var text = new StringBuilder(sample.Length);
        var space = false;
        foreach (var c in sample.AsSpan().Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }
            if (space)
                text.Append(' ');
            text.Append(c);
            space = false;
        }
        return text.ToString();
    }

    /// <summary>
    /// Where a script ran: the source file's origin and path when it is a file of its own (every page that loads it
    /// shares it), else — an inline script, or none named — the document's origin (a page is a dimension, not the problem).
    /// </summary>
    public static string ScriptLocation(string? sourceFile, string? document)
    {
        var source = UrlParts.OriginAndPath(sourceFile);
        if (!string.IsNullOrEmpty(source) && source != UrlParts.OriginAndPath(document))
            return source;
        return UrlParts.Origin(document) ?? UrlParts.WithoutQuery(document) ?? "(no document)";
    }

    /// <summary>The document's origin, the site-level part of a fingerprint.</summary>
    public static string DocumentOrigin(string? document) =>
        UrlParts.Origin(document) ?? UrlParts.WithoutQuery(document) ?? "(no document)";
}
