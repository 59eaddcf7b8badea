using Lookout.Core.Alerts;
using Microsoft.Extensions.Options;

namespace Lookout.Functions.Alerts;

/// <summary>The configured webhook targets, parsed once (the options validator has checked them at startup).</summary>
public sealed class AlertTargets(IOptions<LookoutOptions> options)
{
    public IReadOnlyList<AlertTarget> All { get; } = options.Value.Alerts.ParseTargets();

    /// <summary>The target configured at <paramref name="index"/> of <c>Lookout__Alerts__Targets</c>, if any.</summary>
    public AlertTarget? At(int index) => All.FirstOrDefault(t => t.Index == index);
}
