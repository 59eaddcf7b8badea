using Lookout.Core.Sites;
using Lookout.Core.Triage;
using Microsoft.Extensions.Options;

namespace Lookout.Functions.Hosting;

/// <summary>Checks the triage and site settings when the host starts, and turns them into the policies Normalize applies.</summary>
internal sealed class TriageOptionsValidator : IValidateOptions<LookoutOptions>
{
    public ValidateOptionsResult Validate(string? name, LookoutOptions options)
    {
        try
        {
            NoiseRules.Parse(options.NoiseRules);
            SitePolicies.Parse(options.Sites);
        }
        catch (Exception e) when (e is NoiseRuleException or SitePolicyException)
        {
            return ValidateOptionsResult.Fail(e.Message);
        }
        if (options.MaxIssuesPerDelivery < 0)
            return ValidateOptionsResult.Fail($"Lookout__MaxIssuesPerDelivery is {options.MaxIssuesPerDelivery}; it must be 0 (no cap) or more.");
        return options.RetentionDays < 0
            ? ValidateOptionsResult.Fail($"Lookout__RetentionDays is {options.RetentionDays}; it must be 0 (keep forever) or more.")
            : ValidateOptionsResult.Success;
    }

    public static TriagePolicy Policy(LookoutOptions options) =>
        new(options.Scrub, NoiseRules.Parse(options.NoiseRules), options.DropNoise);

    public static SitePolicies Sites(LookoutOptions options) => SitePolicies.Parse(options.Sites);
}
