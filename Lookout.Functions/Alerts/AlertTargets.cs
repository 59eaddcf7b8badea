using Lookout.Core.Alerts;
using Microsoft.Extensions.Options;

namespace Lookout.Functions.Alerts;

/// <summary>The configured webhook targets, parsed once (the options validator has checked them at startup).</summary>
public sealed class AlertTargets(IOptions<LookoutOptions> options)
{
    public IReadOnlyList<AlertTarget> All { get; } = options.Value.Alerts.ParseTargets();

    public AlertTarget? At(int index) => index >= 0 && index < All.Count ? All[index] : null;
}
