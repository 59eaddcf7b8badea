namespace Lookout.Core.Policy;

/// <summary>What a CSP report's own policy says about the report.</summary>
public enum ViolationJudgement
{
    /// <summary>The policy blocks what the report names: an ordinary violation.</summary>
    Plausible,
    /// <summary>The policy allows it and nothing can explain the report: an extension, injected code or a browser bug.</summary>
    Impossible,
    /// <summary>
    /// The policy allows the URL, but a fetch of it may have been redirected somewhere it does not allow: Chromium
    /// then reports the URL before the redirect (measured in ChromiumPolicyAgreementTests).
    /// </summary>
    AllowedBeforeRedirect,
    /// <summary>The report does not carry what a verdict needs (nonce, hash, parser state) or names no source-list directive.</summary>
    Undecidable,
}

/// <summary>Judges a violation report against the policy it carries (<c>original-policy</c>).</summary>
public static class ViolationJudge
{
    public static ViolationJudgement Judge(ContentSecurityPolicy policy, string? effectiveDirective, string? blocked, string? documentUrl)
    {
        // A policy with no source-list directive is no policy a browser sent: anonymised ("..."), truncated or garbage.
        if (string.IsNullOrWhiteSpace(effectiveDirective) || string.IsNullOrWhiteSpace(blocked) || !policy.HasSourceLists)
            return ViolationJudgement.Undecidable;
        switch (policy.Check(effectiveDirective, blocked, documentUrl))
        {
            case CspVerdict.Blocked: return ViolationJudgement.Plausible;
            case CspVerdict.Undecidable: return ViolationJudgement.Undecidable;
        }
        var governing = policy.Governing(PolicyCheck.FirstToken(effectiveDirective)!);
        if (governing?.Sources is not { } list || !CanRedirect(governing.Name, blocked))
            return ViolationJudgement.Impossible;
        // A redirect can only land on an http(s) URL: a list that allows all of those cannot block its target.
        foreach (var e in list.Expressions)
            if (e.Kind == SourceKind.Star || (e.Kind == SourceKind.Scheme && e.Scheme == "http"))
                return ViolationJudgement.Impossible;
        return ViolationJudgement.AllowedBeforeRedirect;
    }

    // Keywords and data:/blob: URLs are never fetched over the network; base-uri checks a URL without fetching it.
    private static bool CanRedirect(string directive, string blocked)
    {
        if (directive == "base-uri")
            return false;
        var value = blocked.AsSpan().Trim();
        return value.StartsWith("http:", StringComparison.OrdinalIgnoreCase) || value.StartsWith("https:", StringComparison.OrdinalIgnoreCase)
            || value.StartsWith("ws:", StringComparison.OrdinalIgnoreCase) || value.StartsWith("wss:", StringComparison.OrdinalIgnoreCase);
    }
}
