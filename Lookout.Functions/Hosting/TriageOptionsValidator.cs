using Lookout.Core.Triage;
using Microsoft.Extensions.Options;

namespace Lookout.Functions.Hosting;

/// <summary>Checks the triage settings when the host starts, and turns them into the policy Normalize applies.</summary>
internal sealed class TriageOptionsValidator : IValidateOptions<LookoutOptions>
{
    public ValidateOptionsResult Validate(string? name, LookoutOptions options)
    {
        try
        {
            NoiseRules.Parse(options.NoiseRules);
        }
        catch (NoiseRuleException e)
        {
            return ValidateOptionsResult.Fail(e.Message);
        }
        if (options.Alerts.Problem() is { } alerts)
            return ValidateOptionsResult.Fail(alerts);
        return options.RetentionDays < 0
            ? ValidateOptionsResult.Fail($"Lookout__RetentionDays is {options.RetentionDays}; it must be 0 (keep forever) or more.")
            : ValidateOptionsResult.Success;
    }

    public static TriagePolicy Policy(LookoutOptions options) =>
        new(options.Scrub, NoiseRules.Parse(options.NoiseRules), options.DropNoise);
}
