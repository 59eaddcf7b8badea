using Lookout.Core.Sites;
using Lookout.Core.Triage;
using Microsoft.Extensions.Options;

namespace Lookout.Functions.Hosting;

/// <summary>Checks the settings when the host starts (<see cref="SettingsCheck.RangeProblems"/>), and turns the triage
/// and site settings into the policies Normalize applies.</summary>
internal sealed class TriageOptionsValidator : IValidateOptions<LookoutOptions>
{
    public ValidateOptionsResult Validate(string? name, LookoutOptions options) =>
        SettingsCheck.RangeProblems(options).ToList() is { Count: > 0 } problems
            ? ValidateOptionsResult.Fail(problems)
            : ValidateOptionsResult.Success;

    public static TriagePolicy Policy(LookoutOptions options) =>
        new(options.Scrub, NoiseRules.Parse(options.NoiseRules), options.DropNoise);

    public static SitePolicies Sites(LookoutOptions options) => SitePolicies.Parse(options.Sites);
}
