using Lookout.Core.Policy;

namespace Lookout.Core.Triage;

/// <summary>
/// The built-in noise detectors, in order (first match gives the reason), all driven by the lists in
/// <c>Data/</c>: reports about or caused by a browser extension, the browser itself, or software that injects
/// scripts into pages; then CSP reports their own policy allows (<c>impossible</c>, see <see cref="ViolationJudge"/>).
/// Noise is a flag, never a reason to lose a report (unless <c>DropNoise</c> says so).
/// </summary>
public static class NoiseDetector
{
    public const string BrowserExtension = "browser-extension";
    public const string BrowserInternal = "browser-internal";
    public const string InjectedScript = "injected-script";
    public const string Impossible = "impossible";

    /// <summary>The reason the report is noise, or null when it is one the site can act on.</summary>
    public static string? Detect(ReportFacts facts)
    {
        var blocked = ReportFacts.SchemeOf(facts.Blocked);
        var source = ReportFacts.SchemeOf(facts.SourceFile);
        // A document URL must have a scheme to be judged: collectors anonymise it ("[Anonymised]").
        var document = ReportFacts.SchemeOf(facts.Document, bare: false);

        if (IsExtension(blocked) || IsExtension(source) || IsExtension(document) || SampleNamesExtension(facts.Sample))
            return BrowserExtension;
        if (IsBrowser(blocked) || IsBrowser(source) || document is not (null or "http" or "https"))
            return BrowserInternal;
        if (IsInjectedHost(ReportFacts.HostOf(facts.Blocked)) || IsInjectedHost(ReportFacts.HostOf(facts.SourceFile)) || IsInjectedSample(facts.Sample))
            return InjectedScript;
        if (!string.IsNullOrWhiteSpace(facts.Policy) &&
            ViolationJudge.Judge(PolicyCache.Get(facts.Policy), facts.Directive, facts.Blocked, facts.Document) == ViolationJudgement.Impossible)
            return Impossible;
        return null;
    }

    private static bool IsExtension(string? scheme) => scheme is not null && BuiltinLists.ExtensionSchemes.Contains(scheme);

    private static bool IsBrowser(string? scheme) => scheme is not null && BuiltinLists.BrowserSchemes.Contains(scheme);

    // Firefox's style samples name the extension's resources: "background-image: url(moz-extension://9c...".
    private static bool SampleNamesExtension(string? sample)
    {
        if (string.IsNullOrEmpty(sample))
            return false;
        foreach (var scheme in BuiltinLists.ExtensionSchemes)
            if (sample.Contains(scheme + "://", StringComparison.OrdinalIgnoreCase))
                return true;
        return false;
    }

    private static bool IsInjectedHost(string? host)
    {
        if (host is null)
            return false;
        foreach (var pattern in BuiltinLists.InjectedHosts)
            if (pattern.Matches(host))
                return true;
        return false;
    }

    private static bool IsInjectedSample(string? sample)
    {
        if (string.IsNullOrEmpty(sample))
            return false;
        foreach (var fragment in BuiltinLists.InjectedSamples)
            if (sample.Contains(fragment, StringComparison.Ordinal))
                return true;
        return false;
    }
}
