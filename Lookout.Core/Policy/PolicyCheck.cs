namespace Lookout.Core.Policy;

/// <summary>
/// CSP3 §6.7 matching, as Chromium does it where the two differ (real reports come mostly from Chromium, and the
/// browser matrix in the tests holds this to Chromium's verdicts):
/// <list type="bullet">
/// <item><c>*</c> also matches ws:, wss: and ftp: URLs (the spec: only HTTP(S) and the page's own scheme).</item>
/// <item>http/https expressions also match ws/wss URLs (Chromium checks the WebSocket URL itself, the spec the
///   fetch URL it becomes), and a source's port 80 matches 443 after a scheme upgrade.</item>
/// <item>Host sources match IP-address hosts literally.</item>
/// </list>
/// </summary>
public static class PolicyCheck
{
    /// <summary>Schemes a browser reports bare as the blocked URL (<c>"blocked-uri":"data"</c>).</summary>
    private static readonly string[] BareSchemes = ["data", "blob", "filesystem", "mediastream"];

    public static CspVerdict Check(ContentSecurityPolicy policy, string effectiveDirective, string blocked, string? documentUrl, int redirectCount, bool? parserInserted)
    {
        var directiveName = FirstToken(effectiveDirective);
        if (directiveName is null || DirectiveFallback.For(directiveName) is null)
            return CspVerdict.Undecidable;
        var governing = policy.Governing(directiveName);
        if (governing?.Sources is not { } list)
            return CspVerdict.Allowed; // nothing in this policy governs the check
        var script = directiveName.StartsWith("script-src", StringComparison.Ordinal) || directiveName == "worker-src";

        var value = blocked.AsSpan().Trim();
        if (value.Equals("inline", StringComparison.OrdinalIgnoreCase))
            return list.AllowsAllInline(script) ? CspVerdict.Allowed : CspVerdict.Blocked;
        if (value.Equals("eval", StringComparison.OrdinalIgnoreCase))
            return list.UnsafeEval ? CspVerdict.Allowed : CspVerdict.Blocked;
        if (value.Equals("wasm-eval", StringComparison.OrdinalIgnoreCase))
            return list.UnsafeEval || list.WasmUnsafeEval ? CspVerdict.Allowed : CspVerdict.Blocked;

        if (!TryUrl(value, out var url))
            return CspVerdict.Undecidable;
        if (list.IsNone)
            return CspVerdict.Blocked;
        if (script && list.StrictDynamic)
        {
            // 'strict-dynamic' ignores host, scheme and 'self' sources: scripts a trusted script added are allowed,
            // parser-inserted ones only by nonce or hash, which a report does not carry.
            return parserInserted switch
            {
                false => CspVerdict.Allowed,
                true => CspVerdict.Blocked,
                null => CspVerdict.Undecidable,
            };
        }
        var origin = TryOrigin(documentUrl);
        foreach (var expression in list.Expressions)
            if (Matches(expression, url, origin, redirectCount))
                return CspVerdict.Allowed;
        return CspVerdict.Blocked;
    }

    private static string? FirstToken(string directive)
    {
        var span = directive.AsSpan().Trim(ContentSecurityPolicy.AsciiWhitespace);
        var end = span.IndexOfAny(ContentSecurityPolicy.AsciiWhitespace);
        var name = end < 0 ? span : span[..end];
        return name.IsEmpty ? null : name.ToString().ToLowerInvariant();
    }

    /// <summary>The parts of a URL matching looks at; Host is null for URLs without one (data:, blob:).</summary>
    private readonly record struct UrlParts(string Scheme, string? Host, int Port, string Path);

    private static bool TryUrl(ReadOnlySpan<char> value, out UrlParts url)
    {
        foreach (var bare in BareSchemes)
            if (value.Equals(bare, StringComparison.OrdinalIgnoreCase))
            {
                url = new(bare, null, -1, "");
                return true;
            }
        url = default;
        if (!Uri.TryCreate(value.ToString(), UriKind.Absolute, out var uri))
            return false;
        var scheme = uri.Scheme; // lower case
        if (uri.HostNameType is UriHostNameType.Unknown || string.IsNullOrEmpty(uri.Host) || scheme is "data" or "blob" or "filesystem")
        {
            url = new(scheme, null, -1, "");
            return true;
        }
        url = new(scheme, uri.Host, uri.IsDefaultPort ? DefaultPort(scheme) : uri.Port, uri.AbsolutePath);
        return true;
    }

    private static UrlParts? TryOrigin(string? documentUrl) =>
        documentUrl is not null && TryUrl(documentUrl.AsSpan().Trim(), out var origin) && origin.Host is not null ? origin : null;

    internal static int DefaultPort(string scheme) => scheme switch
    {
        "http" or "ws" => 80,
        "https" or "wss" => 443,
        "ftp" => 21,
        _ => -1,
    };

    private static bool Matches(SourceExpression e, UrlParts url, UrlParts? origin, int redirectCount)
    {
        switch (e.Kind)
        {
            case SourceKind.Star:
                return url.Scheme is "http" or "https" or "ws" or "wss" or "ftp" || url.Scheme == origin?.Scheme;
            case SourceKind.Scheme:
                return SchemeMatches(e.Scheme!, url.Scheme, out _);
            case SourceKind.Self:
                return origin is { } self && SelfMatches(self, url);
            case SourceKind.Host:
                return HostSourceMatches(e, url, origin, redirectCount);
            default:
                return false;
        }
    }

    // CSP3 "scheme-part match", plus Chromium's http(s) → ws(s) equivalence. upgraded: an insecure scheme matched a secure one.
    private static bool SchemeMatches(string expression, string url, out bool upgraded)
    {
        var matches = expression == url || (expression, url) switch
        {
            ("http", "https" or "ws" or "wss") => true,
            ("https", "wss") => true,
            ("ws", "wss" or "http" or "https") => true,
            ("wss", "https") => true,
            _ => false,
        };
        upgraded = matches && expression is "http" or "ws" && url is "https" or "wss";
        return matches;
    }

    private static bool SelfMatches(UrlParts self, UrlParts url)
    {
        if (url.Host is null || !url.Host.Equals(self.Host, StringComparison.OrdinalIgnoreCase))
            return false;
        if (!SchemeMatches(self.Scheme, url.Scheme, out var upgraded))
            return false;
        return url.Port == self.Port || (upgraded && self.Port == DefaultPort(self.Scheme) && url.Port == DefaultPort(url.Scheme));
    }

    private static bool HostSourceMatches(SourceExpression e, UrlParts url, UrlParts? origin, int redirectCount)
    {
        if (url.Host is null)
            return false;
        bool upgraded;
        if (e.Scheme is null)
        {
            // No scheme: the page's own scheme decides; unknown page → only secure URLs (any page scheme allows those).
            if (origin is { } o ? !SchemeMatches(o.Scheme, url.Scheme, out upgraded) : !(upgraded = url.Scheme is "https" or "wss"))
                return false;
        }
        else if (!SchemeMatches(e.Scheme, url.Scheme, out upgraded))
            return false;

        if (!HostMatches(e, url.Host))
            return false;
        if (!PortMatches(e.Port, url, upgraded))
            return false;
        return string.IsNullOrEmpty(e.Path) || redirectCount > 0 || PathMatches(e.Path, url.Path);
    }

    private static bool HostMatches(SourceExpression e, string host)
    {
        var pattern = e.Host!;
        if (e.WildcardHost)
            return pattern.Length == 0 || host.EndsWith(pattern, StringComparison.OrdinalIgnoreCase);
        return host.Equals(pattern, StringComparison.OrdinalIgnoreCase);
    }

    private static bool PortMatches(int? port, UrlParts url, bool upgraded)
    {
        if (port == SourceExpression.AnyPort)
            return true;
        if (port is not { } p)
            return url.Port == DefaultPort(url.Scheme);
        return p == url.Port || (upgraded && p == 80 && url.Port == 443);
    }

    // CSP3 "path-part match": a trailing '/' makes a prefix match, else the whole path must match; segments compared percent-decoded.
    internal static bool PathMatches(string expression, string path)
    {
        if (expression.Length == 0 || (expression == "/" && path.Length == 0))
            return true;
        var exact = expression[^1] != '/';
        var a = expression.Split('/');
        var b = path.Split('/');
        var aCount = exact ? a.Length : a.Length - 1;
        if (a.Length > b.Length || (exact && a.Length != b.Length))
            return false;
        for (var i = 0; i < aCount; i++)
            if (!string.Equals(Uri.UnescapeDataString(a[i]), Uri.UnescapeDataString(b[i]), StringComparison.Ordinal))
                return false;
        return true;
    }
}
