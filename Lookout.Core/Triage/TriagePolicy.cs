using Lookout.Core.Reports;

namespace Lookout.Core.Triage;

/// <summary>The noise flag of one report, and whether its row is stored.</summary>
/// <param name="Noise">Empty, or why the report is noise (<c>browser-extension</c>, <c>user-rule:ads</c>, …).</param>
/// <param name="Drop">Counted in the digest but stored as no row (a drop rule, or noise under <c>DropNoise</c>).</param>
public readonly record struct TriageVerdict(string Noise, bool Drop);

/// <summary>
/// How Normalize triages reports: the scrub mode, the user's rules and whether noise keeps its rows. User rules
/// come first (the user's intent is the more specific one), then the built-in <see cref="NoiseDetector"/>.
/// </summary>
public sealed class TriagePolicy(ScrubMode scrub, IReadOnlyList<NoiseRule> rules, bool dropNoise)
{
    /// <summary>The defaults: scrub secrets, built-in detectors, no rules, noise stored (flagged).</summary>
    public static TriagePolicy Default { get; } = new(ScrubMode.Secrets, [], dropNoise: false);

    public ScrubMode Scrub { get; } = scrub;
    public IReadOnlyList<NoiseRule> Rules { get; } = rules;
    public bool DropNoise { get; } = dropNoise;

    /// <summary>Judges a report that has already been scrubbed (rules see what is stored).</summary>
    public TriageVerdict Judge(NormalizedReport report, string? site, string? envelopeUserAgent)
    {
        var facts = ReportFacts.Of(report, site, envelopeUserAgent);
        foreach (var rule in Rules)
            if (rule.Matches(facts))
                return new TriageVerdict(rule.Reason, rule.Action == NoiseAction.Drop || DropNoise);
        var reason = NoiseDetector.Detect(facts);
        return reason is null ? new TriageVerdict("", false) : new TriageVerdict(reason, DropNoise);
    }
}
