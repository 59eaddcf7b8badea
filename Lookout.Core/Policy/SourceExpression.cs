namespace Lookout.Core.Policy;

/// <summary>What a source expression is (CSP3 §2.3.1 grammar); <see cref="Invalid"/> ones are ignored, as browsers do.</summary>
public enum SourceKind
{
    Invalid,
    Star,
    Scheme,
    Host,
    Self,
    None,
    UnsafeInline,
    UnsafeEval,
    WasmUnsafeEval,
    UnsafeHashes,
    StrictDynamic,
    ReportSample,
    Nonce,
    Hash,
    /// <summary>A quoted keyword this evaluator does not know (e.g. <c>'inline-speculation-rules'</c>): allows nothing it checks.</summary>
    OtherKeyword,
}

/// <summary>
/// One parsed source expression. Scheme and host are lower case; <see cref="Port"/> is null when the
/// expression names none, -1 for <c>:*</c>; <see cref="Path"/> is null or the path as written.
/// </summary>
public sealed record SourceExpression(SourceKind Kind, string Text)
{
    public string? Scheme { get; init; }
    public string? Host { get; init; }
    /// <summary>The host started with <c>*.</c> (stored without the star) or was <c>*</c> (stored empty).</summary>
    public bool WildcardHost { get; init; }
    public int? Port { get; init; }
    public string? Path { get; init; }
    /// <summary>The nonce, or the hash's base64 value (base64url normalised to base64).</summary>
    public string? Value { get; init; }
    /// <summary>sha256, sha384 or sha512 for a hash source.</summary>
    public string? Algorithm { get; init; }

    public const int AnyPort = -1;

    /// <summary>Parses one token of a directive value; never throws (malformed → <see cref="SourceKind.Invalid"/>).</summary>
    public static SourceExpression Parse(string token)
    {
        if (token == "*")
            return new(SourceKind.Star, token);
        if (token.Length >= 2 && token[0] == '\'' && token[^1] == '\'')
            return ParseQuoted(token);
        if (token.Contains('\'', StringComparison.Ordinal))
            return new(SourceKind.Invalid, token);
        return ParseSchemeOrHost(token);
    }

    private static SourceExpression ParseQuoted(string token)
    {
        var inner = token.AsSpan(1, token.Length - 2);
        SourceKind kind = inner switch
        {
            _ when inner.Equals("self", StringComparison.OrdinalIgnoreCase) => SourceKind.Self,
            _ when inner.Equals("none", StringComparison.OrdinalIgnoreCase) => SourceKind.None,
            _ when inner.Equals("unsafe-inline", StringComparison.OrdinalIgnoreCase) => SourceKind.UnsafeInline,
            _ when inner.Equals("unsafe-eval", StringComparison.OrdinalIgnoreCase) => SourceKind.UnsafeEval,
            _ when inner.Equals("wasm-unsafe-eval", StringComparison.OrdinalIgnoreCase) => SourceKind.WasmUnsafeEval,
            _ when inner.Equals("unsafe-hashes", StringComparison.OrdinalIgnoreCase) => SourceKind.UnsafeHashes,
            _ when inner.Equals("strict-dynamic", StringComparison.OrdinalIgnoreCase) => SourceKind.StrictDynamic,
            _ when inner.Equals("report-sample", StringComparison.OrdinalIgnoreCase) => SourceKind.ReportSample,
            _ => SourceKind.Invalid,
        };
        if (kind != SourceKind.Invalid)
            return new(kind, token);
        if (inner.StartsWith("nonce-", StringComparison.OrdinalIgnoreCase))
        {
            var value = inner[6..];
            return IsBase64Value(value) ? new(SourceKind.Nonce, token) { Value = value.ToString() } : new(SourceKind.Invalid, token);
        }
        foreach (var algorithm in (ReadOnlySpan<string>)["sha256", "sha384", "sha512"])
            if (inner.StartsWith(algorithm + "-", StringComparison.OrdinalIgnoreCase))
            {
                var value = inner[(algorithm.Length + 1)..];
                return IsBase64Value(value)
                    ? new(SourceKind.Hash, token) { Algorithm = algorithm, Value = value.ToString().Replace('-', '+').Replace('_', '/') }
                    : new(SourceKind.Invalid, token);
            }
        foreach (var c in inner)
            if (!(char.IsAsciiLetterOrDigit(c) || c == '-'))
                return new(SourceKind.Invalid, token);
        return new(SourceKind.OtherKeyword, token);
    }

    // base64-value = 1*( ALPHA / DIGIT / "+" / "/" / "-" / "_" )*2( "=" )
    private static bool IsBase64Value(ReadOnlySpan<char> value)
    {
        var body = value.TrimEnd('=');
        if (body.Length == 0 || value.Length - body.Length > 2)
            return false;
        foreach (var c in body)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '-' or '_'))
                return false;
        return true;
    }

    private static SourceExpression ParseSchemeOrHost(string token)
    {
        var rest = token.AsSpan();
        string? scheme = null;
        var colon = rest.IndexOf(':');
        if (colon > 0 && IsScheme(rest[..colon]))
        {
            if (colon == rest.Length - 1)
                return new(SourceKind.Scheme, token) { Scheme = rest[..colon].ToString().ToLowerInvariant() };
            if (rest[(colon + 1)..].StartsWith("//"))
            {
                scheme = rest[..colon].ToString().ToLowerInvariant();
                rest = rest[(colon + 3)..];
            }
        }

        // host-part: "*" / [ "*." ] 1*host-char *( "." 1*host-char ) [ "." ]
        var hostEnd = rest.IndexOfAny(':', '/');
        var host = hostEnd < 0 ? rest : rest[..hostEnd];
        var after = hostEnd < 0 ? [] : rest[hostEnd..];
        var wildcard = false;
        if (host.SequenceEqual("*"))
        {
            wildcard = true;
            host = [];
        }
        else
        {
            if (host.StartsWith("*."))
            {
                wildcard = true;
                host = host[1..]; // keep the dot: "*.example.com" matches hosts ending in ".example.com"
            }
            if (!IsHost(wildcard ? host[1..] : host))
                return new(SourceKind.Invalid, token);
        }

        int? port = null;
        if (after.Length > 0 && after[0] == ':')
        {
            var portEnd = after.IndexOf('/');
            var digits = portEnd < 0 ? after[1..] : after[1..portEnd];
            after = portEnd < 0 ? [] : after[portEnd..];
            if (digits.SequenceEqual("*"))
                port = AnyPort;
            else if (digits.Length is > 0 and <= 5 && int.TryParse(digits, System.Globalization.NumberStyles.None, null, out var p))
                port = p;
            else
                return new(SourceKind.Invalid, token);
        }
        string? path = null;
        if (after.Length > 0)
        {
            // path-part = path-absolute (but not "//" at the start); ',' and ';' cannot appear.
            if (after.StartsWith("//") || after.ContainsAny(',', ';'))
                return new(SourceKind.Invalid, token);
            path = after.ToString();
        }
        return new(SourceKind.Host, token)
        {
            Scheme = scheme, Host = host.ToString().ToLowerInvariant(), WildcardHost = wildcard, Port = port, Path = path,
        };
    }

    // scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
    internal static bool IsScheme(ReadOnlySpan<char> text)
    {
        if (text.Length == 0 || !char.IsAsciiLetter(text[0]))
            return false;
        foreach (var c in text[1..])
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.'))
                return false;
        return true;
    }

    // 1*host-char *( "." 1*host-char ) [ "." ], host-char = ALPHA / DIGIT / "-"
    private static bool IsHost(ReadOnlySpan<char> host)
    {
        if (host.Length == 0)
            return false;
        if (host[^1] == '.')
            host = host[..^1];
        var label = 0;
        foreach (var c in host)
        {
            if (c == '.')
            {
                if (label == 0) return false;
                label = 0;
            }
            else if (char.IsAsciiLetterOrDigit(c) || c == '-')
                label++;
            else
                return false;
        }
        return label > 0;
    }
}
