namespace Lookout.Core.Policy;

/// <summary>
/// A parsed serialized policy (CSP3 §2.2.1 "parse a serialized CSP"): directives in order, names lower case, the
/// first of a repeated name wins. Tokens that are empty, not ASCII, or whose name is not a directive-name are
/// skipped; every directive is kept (unknown ones too, so a diff can show them), but only source-list
/// directives get a <see cref="SourceList"/>. Parsing never throws.
/// </summary>
public sealed class ContentSecurityPolicy
{
    private readonly Dictionary<string, Directive> _byName;

    private ContentSecurityPolicy(List<Directive> directives)
    {
        Directives = directives;
        _byName = new(directives.Count, StringComparer.Ordinal);
        foreach (var d in directives)
        {
            _byName[d.Name] = d;
            HasSourceLists |= d.Sources is not null;
        }
    }

    /// <summary>At least one directive takes a source list (a policy a browser enforces has one; "..." does not).</summary>
    public bool HasSourceLists { get; }

    public IReadOnlyList<Directive> Directives { get; }

    public Directive? this[string name] => _byName.GetValueOrDefault(name);

    public static ContentSecurityPolicy Parse(string? serialized)
    {
        var directives = new List<Directive>();
        if (string.IsNullOrEmpty(serialized))
            return new(directives);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var range in serialized.AsSpan().Split(';'))
        {
            var token = serialized.AsSpan()[range].Trim(AsciiWhitespace);
            if (token.Length == 0 || !System.Text.Ascii.IsValid(token))
                continue;
            var nameEnd = token.IndexOfAny(AsciiWhitespace);
            var name = (nameEnd < 0 ? token : token[..nameEnd]).ToString().ToLowerInvariant();
            if (!IsDirectiveName(name) || !seen.Add(name))
                continue;
            var values = new List<string>();
            if (nameEnd >= 0)
            {
                var rest = token[nameEnd..];
                foreach (var part in rest.SplitAny(AsciiWhitespace))
                    if (!rest[part].IsEmpty)
                        values.Add(rest[part].ToString());
            }
            directives.Add(new Directive(name, values, DirectiveFallback.For(name) is null ? null : SourceList.Parse(values)));
        }
        return new(directives);
    }

    internal const string AsciiWhitespace = "\t\n\f\r ";

    // directive-name = 1*( ALPHA / DIGIT / "-" )
    private static bool IsDirectiveName(string name)
    {
        foreach (var c in name)
            if (!(char.IsAsciiLetterOrDigit(c) || c == '-'))
                return false;
        return name.Length > 0;
    }

    /// <summary>The directive that governs <paramref name="effectiveDirective"/>: the first of its fallback list the policy has.</summary>
    public Directive? Governing(string effectiveDirective)
    {
        if (DirectiveFallback.For(effectiveDirective) is not { } fallback)
            return null;
        foreach (var name in fallback)
            if (_byName.TryGetValue(name, out var directive))
                return directive;
        return null;
    }

    /// <summary>
    /// Would this policy let <paramref name="blocked"/> (a URL, a bare scheme such as <c>data</c>, or a keyword
    /// <c>inline</c>, <c>eval</c>, <c>wasm-eval</c>) through <paramref name="effectiveDirective"/> on the page
    /// <paramref name="documentUrl"/>? See <see cref="PolicyCheck"/>.
    /// </summary>
    public CspVerdict Check(string effectiveDirective, string blocked, string? documentUrl, int redirectCount = 0, bool? parserInserted = null) =>
        PolicyCheck.Check(this, effectiveDirective, blocked, documentUrl, redirectCount, parserInserted);

    /// <summary>Would this policy run an inline script or style with this nonce and text? See <see cref="PolicyCheck.CheckInline"/>.</summary>
    public CspVerdict CheckInline(string effectiveDirective, string? nonce, string? content) =>
        PolicyCheck.CheckInline(this, effectiveDirective, nonce, content);
}

/// <summary>One directive: its name, its value tokens, and its source list when it takes one.</summary>
public sealed record Directive(string Name, IReadOnlyList<string> Values, SourceList? Sources);

public enum CspVerdict
{
    /// <summary>The policy lets it through: a report of it cannot come from this policy.</summary>
    Allowed,
    /// <summary>The policy blocks it (as far as a report shows): a report is plausible.</summary>
    Blocked,
    /// <summary>The report does not carry what the check needs (a nonce, a hash, parser state) or the directive takes no source list.</summary>
    Undecidable,
}
