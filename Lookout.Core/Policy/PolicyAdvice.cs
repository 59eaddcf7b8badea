namespace Lookout.Core.Policy;

/// <summary>What to add to a directive so a blocked thing would be allowed, or a warning when adding is the wrong fix.</summary>
/// <param name="Source">The source expression to add (<c>https://cdn.example</c>, <c>data:</c>, <c>'wasm-unsafe-eval'</c>), or null for a warning only.</param>
public sealed record Suggestion(string Directive, string? Source, string? Warning);

/// <summary>One suggestion's reach, summed over reports (the caller counts distinct pages, sites and clients).</summary>
public sealed record SuggestionReach(Suggestion Suggestion, long Reports, long NoiseReports, int Pages, int Sites, int Clients)
{
    public double NoiseShare => Reports == 0 ? 0 : (double)NoiseReports / Reports;
}

/// <summary>
/// Policy advice. <c>original-policy</c> is whatever the client sent, so one report proves nothing: a suggestion
/// is offered only with <see cref="MinPages"/> distinct pages and <see cref="MinClients"/> distinct clients
/// (user agents) behind it, and with most of its reports not noise.
/// </summary>
public static class PolicyAdvice
{
    public const int MinPages = 2;
    public const int MinClients = 2;
    public const double MaxNoiseShare = 0.5;
    public const int ReadyAfterDays = 7;

    /// <summary>The change that would allow a report's blocked value under its effective directive; null when there is none to make.</summary>
    public static Suggestion? For(string? effectiveDirective, string? blocked)
    {
        var directive = effectiveDirective is null ? null : PolicyCheck.FirstToken(effectiveDirective);
        if (directive is null || DirectiveFallback.For(directive) is null || string.IsNullOrWhiteSpace(blocked))
            return null;
        var value = blocked.Trim();
        if (value.Equals("inline", StringComparison.OrdinalIgnoreCase))
            return new(directive, null, "allow this inline code with a nonce or a hash of it, not 'unsafe-inline' (which allows any injected code)");
        if (value.Equals("eval", StringComparison.OrdinalIgnoreCase))
            return new(directive, null, "remove the eval (or new Function, string timers); 'unsafe-eval' would allow it for injected code too");
        if (value.Equals("wasm-eval", StringComparison.OrdinalIgnoreCase))
            return new(directive, "'wasm-unsafe-eval'", null);
        var scheme = value.Split(':', 2)[0].ToLowerInvariant();
        if (scheme is "data" or "blob")
            return new(directive, scheme + ":", scheme == "data" && directive.StartsWith("script", StringComparison.Ordinal)
                ? "data: scripts can be written by an attacker; prefer a file served from your origin" : null);
        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && !string.IsNullOrEmpty(uri.Host) && uri.Scheme is "http" or "https" or "ws" or "wss")
            return new(directive, uri.IsDefaultPort ? $"{uri.Scheme}://{uri.Host}" : $"{uri.Scheme}://{uri.Host}:{uri.Port}", null);
        return null;
    }

    /// <summary>The suggestions with enough reach (<see cref="MinPages"/>, <see cref="MinClients"/>, noise share), widest first.</summary>
    public static IReadOnlyList<SuggestionReach> Credible(IEnumerable<SuggestionReach> candidates) =>
        candidates.Where(c => c.Pages >= MinPages && c.Clients >= MinClients && c.NoiseShare <= MaxNoiseShare)
            .OrderByDescending(c => c.Pages).ThenByDescending(c => c.Reports).ThenBy(c => c.Suggestion.Source, StringComparer.Ordinal).ToList();

    /// <summary>
    /// The policy text with the suggested sources added. A source goes into the directive named by the report; when
    /// the policy lacks it, that directive is added with the sources of the one that governed (so nothing else changes).
    /// </summary>
    public static string Apply(string serialized, IEnumerable<Suggestion> suggestions)
    {
        var policy = ContentSecurityPolicy.Parse(serialized);
        var directives = policy.Directives.Select(d => (d.Name, Values: d.Values.ToList())).ToList();
        foreach (var s in suggestions)
        {
            if (s.Source is null)
                continue;
            var index = directives.FindIndex(d => d.Name == s.Directive);
            if (index < 0)
            {
                var inherited = policy.Governing(s.Directive)?.Values.Where(v => !v.Equals("'none'", StringComparison.OrdinalIgnoreCase)).ToList() ?? [];
                directives.Add((s.Directive, inherited));
                index = directives.Count - 1;
            }
            var values = directives[index].Values;
            values.RemoveAll(v => v.Equals("'none'", StringComparison.OrdinalIgnoreCase));
            if (!values.Contains(s.Source, StringComparer.OrdinalIgnoreCase))
                values.Add(s.Source);
        }
        return string.Join("; ", directives.Select(d => d.Values.Count == 0 ? d.Name : d.Name + " " + string.Join(' ', d.Values)));
    }

    /// <summary>
    /// A report-only policy is ready to enforce when it was seen on each of the last <paramref name="days"/> days
    /// (so the quiet is measured, not assumed) with no violation that is not noise.
    /// </summary>
    /// <param name="daily">Per UTC day, newest first: whether the policy was seen, and its non-noise violations.</param>
    public static bool ReadyToEnforce(IReadOnlyList<(bool Seen, long Violations)> daily, int days = ReadyAfterDays) =>
        daily.Count >= days && daily.Take(days).All(d => d.Seen && d.Violations == 0);
}
