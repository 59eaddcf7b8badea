namespace Lookout.Core.Policy;

/// <summary>
/// CSP3 §6.7 matching, as Chromium does it where the two differ (real reports come mostly from Chromium; the
/// browser matrix in the tests, ChromiumPolicyAgreementTests, holds this to Chromium's verdicts):
/// <list type="bullet">
/// <item>Schemes match exactly or upgrade (http → https, ws → wss); the spec's ws → http(s) and wss → https do not
///   hold in Chromium (<c>img-src ws:</c> blocks http images), nor does http → ws for schemeless or http sources.</item>
/// <item><c>'self'</c> matches the page's host and port over http, https, ws and wss (https and wss from an https
///   page); <c>*</c> also matches ws:, wss: and ftp: URLs.</item>
/// <item>An upgraded scheme needs a default or wildcard port: <c>site.test:8080</c> on an http page does not
///   match <c>https://site.test:8080</c>, while <c>http://a.test:80</c> and <c>a.test:443</c> match <c>https://a.test</c>.</item>
/// <item>Paths are compared percent-decoded as a whole (<c>/img%2Fx.png</c> matches <c>/img/x.png</c>); host
///   sources match IP-address hosts literally.</item>
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
            return InlineVerdict(list, directiveName, script, nonce: null, content: null);
        if (value.Equals("eval", StringComparison.OrdinalIgnoreCase))
            return list.UnsafeEval ? CspVerdict.Allowed : CspVerdict.Blocked;
        if (value.Equals("wasm-eval", StringComparison.OrdinalIgnoreCase))
            return list.UnsafeEval || list.WasmUnsafeEval ? CspVerdict.Allowed : CspVerdict.Blocked;

        if (list.IsNone)
            return CspVerdict.Blocked;
        if (!TryUrl(value.Length == blocked.Length ? blocked : value.ToString(), out var url))
            return CspVerdict.Undecidable;
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
        UrlParts? origin = null;
        var originRead = false;
        foreach (var expression in list.Expressions)
        {
            // The page's origin only matters to 'self', '*' and schemeless host sources: parsed once, when first needed.
            if (!originRead && (expression.Kind is SourceKind.Self or SourceKind.Star || (expression.Kind == SourceKind.Host && expression.Scheme is null)))
            {
                origin = TryOrigin(documentUrl);
                originRead = true;
            }
            if (Matches(expression, url, origin, redirectCount))
                return CspVerdict.Allowed;
        }
        return CspVerdict.Blocked;
    }

    /// <summary>
    /// CSP3 §6.7.3.3 "does element match source list for type and source": an inline script or style (an element
    /// when the directive ends in <c>-elem</c>, an attribute when <c>-attr</c>) with its nonce and its text.
    /// </summary>
    public static CspVerdict CheckInline(ContentSecurityPolicy policy, string effectiveDirective, string? nonce, string? content)
    {
        var directiveName = FirstToken(effectiveDirective);
        if (directiveName is null || DirectiveFallback.For(directiveName) is null)
            return CspVerdict.Undecidable;
        if (policy.Governing(directiveName)?.Sources is not { } list)
            return CspVerdict.Allowed;
        return InlineVerdict(list, directiveName, directiveName.StartsWith("script-src", StringComparison.Ordinal), nonce, content);
    }

    private static CspVerdict InlineVerdict(SourceList list, string directive, bool script, string? nonce, string? content)
    {
        if (list.AllowsAllInline(script))
            return CspVerdict.Allowed;
        var element = !directive.EndsWith("-attr", StringComparison.Ordinal);
        if (element && !string.IsNullOrEmpty(nonce))
            foreach (var e in list.Expressions)
                if (e.Kind == SourceKind.Nonce && e.Value == nonce)
                    return CspVerdict.Allowed;
        if ((element || list.UnsafeHashes) && content is not null && list.HasHash)
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(content);
            foreach (var e in list.Expressions)
                if (e.Kind == SourceKind.Hash && e.Value!.TrimEnd('=') == HashOf(e.Algorithm!, bytes).TrimEnd('='))
                    return CspVerdict.Allowed;
        }
        return CspVerdict.Blocked;
    }

    private static string HashOf(string algorithm, byte[] bytes) => Convert.ToBase64String(algorithm switch
    {
        "sha256" => System.Security.Cryptography.SHA256.HashData(bytes),
        "sha384" => System.Security.Cryptography.SHA384.HashData(bytes),
        _ => System.Security.Cryptography.SHA512.HashData(bytes),
    });

    internal static string? FirstToken(string directive)
    {
        var span = directive.AsSpan().Trim(ContentSecurityPolicy.AsciiWhitespace);
        var end = span.IndexOfAny(ContentSecurityPolicy.AsciiWhitespace);
        var name = end < 0 ? span : span[..end];
        if (name.IsEmpty)
            return null;
        // Browsers send the name alone and in lower case: reuse the string then.
        return name.Length == directive.Length && !name.ContainsAnyInRange('A', 'Z') ? directive : name.ToString().ToLowerInvariant();
    }

    /// <summary>The parts of a URL matching looks at; Host is null for URLs without one (data:, blob:).</summary>
    private readonly record struct UrlParts(string Scheme, string? Host, int Port, string Path);

    private static bool TryUrl(string value, out UrlParts url)
    {
        foreach (var bare in BareSchemes)
            if (value.Equals(bare, StringComparison.OrdinalIgnoreCase))
            {
                url = new(bare, null, -1, "");
                return true;
            }
        url = default;
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri))
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
        documentUrl is not null && TryUrl(documentUrl.Trim(), out var origin) && origin.Host is not null ? origin : null;

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

    // Chromium's scheme match: the same scheme, or its secure upgrade (which then constrains the port).
    private static bool SchemeMatches(string expression, string url, out bool upgraded)
    {
        upgraded = (expression, url) is ("http", "https") or ("ws", "wss");
        return upgraded || expression == url;
    }

    private static bool SelfMatches(UrlParts self, UrlParts url)
    {
        if (url.Host is null || !url.Host.Equals(self.Host, StringComparison.OrdinalIgnoreCase))
            return false;
        var schemeOk = self.Scheme == "http" ? url.Scheme is "http" or "https" or "ws" or "wss" : url.Scheme == self.Scheme || (self.Scheme == "https" && url.Scheme == "wss");
        if (!schemeOk)
            return false;
        return url.Port == self.Port || (self.Port == DefaultPort(self.Scheme) && url.Port == DefaultPort(url.Scheme));
    }

    private static bool HostSourceMatches(SourceExpression e, UrlParts url, UrlParts? origin, int redirectCount)
    {
        if (url.Host is null)
            return false;
        bool upgraded;
        if (e.Scheme is null)
        {
            // No scheme: the page's own scheme decides; unknown page → only secure URLs (any page scheme allows those).
            if (origin is { } o ? !SchemeMatches(o.Scheme, url.Scheme, out upgraded) : !(upgraded = url.Scheme == "https"))
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
        if (upgraded) // after http → https (ws → wss) only the default ports carry over: 80 or 443 to 443
            return url.Port == 443 && p is 80 or 443;
        return p == url.Port;
    }

    // Chromium's path match (CSP3 "path-part match" up to decoding): both paths percent-decoded; a trailing '/'
    // makes a directory (prefix) match, otherwise the whole path must be equal.
    internal static bool PathMatches(string expression, string path)
    {
        if (expression.Length == 0)
            return true;
        var source = Uri.UnescapeDataString(expression);
        var target = Uri.UnescapeDataString(path.Length == 0 ? "/" : path);
        return source[^1] == '/' ? target.StartsWith(source, StringComparison.Ordinal) : target == source;
    }
}
