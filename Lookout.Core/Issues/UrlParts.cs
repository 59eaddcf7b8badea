namespace Lookout.Core.Issues;

/// <summary>The parts of a reported URL that identify a problem: origin and path, never query or fragment.</summary>
public static class UrlParts
{
    /// <summary>CSP's non-URL blocked values (and URL schemes that stand for a kind of content).</summary>
    private static readonly string[] Keywords = ["inline", "eval", "wasm-eval", "trusted-types-policy", "trusted-types-sink", "self", "data", "blob", "filesystem", "mediastream"];

    /// <summary><c>https://host:port/path</c> without query and fragment; text that is not an absolute URL as it is, up to '?' or '#'.</summary>
    public static string? WithoutQuery(string? url)
    {
        if (string.IsNullOrEmpty(url))
            return url;
        var end = url.IndexOfAny(['?', '#']);
        return end < 0 ? url : url[..end];
    }

    /// <summary><c>scheme://host[:port]</c> of an absolute URL; null when it has none.</summary>
    public static string? Origin(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && !string.IsNullOrEmpty(uri.Host)
            ? uri.GetLeftPart(UriPartial.Authority)
            : null;

    /// <summary>Path of an absolute URL ("/" when empty); the text without query otherwise.</summary>
    public static string? Path(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && !string.IsNullOrEmpty(uri.Host)
            ? (uri.AbsolutePath.Length == 0 ? "/" : uri.AbsolutePath)
            : WithoutQuery(url);

    /// <summary>Origin and path, the document part of a fingerprint.</summary>
    public static string? OriginAndPath(string? url) => Origin(url) is { } origin ? origin + Path(url) : WithoutQuery(url);

    /// <summary>
    /// What a CSP report blocked, reduced to what identifies the problem: a keyword (<c>inline</c>, <c>eval</c>,
    /// <c>data</c>, <c>blob</c>, …), else the blocked URL's origin (<c>chrome-extension://id</c> included).
    /// </summary>
    public static string BlockedOriginOrKeyword(string? blocked)
    {
        if (string.IsNullOrWhiteSpace(blocked))
            return "(none)";
        var value = blocked.Trim();
        foreach (var keyword in Keywords)
            if (value.Equals(keyword, StringComparison.OrdinalIgnoreCase) || value.StartsWith(keyword + ":", StringComparison.OrdinalIgnoreCase))
                return keyword;
        return Origin(value) ?? WithoutQuery(value)!;
    }
}
