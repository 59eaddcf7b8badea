using Lookout.Core.Triage;

namespace Lookout.Core.Sites;

/// <summary>
/// What one site tag accepts: the document hosts its reports may be about (empty: any), and how many reports a
/// minute it stores in full before the rest are sampled (null: no budget).
/// </summary>
public sealed record SitePolicy(string Site, IReadOnlyList<HostPattern> Hosts, int? BudgetPerMinute)
{
    /// <summary>The policy of a site no entry names: any host, no budget.</summary>
    public static SitePolicy Open { get; } = new("*", [], null);

    /// <summary>Whether a report about <paramref name="host"/> belongs to the site. With an allow-list, a report
    /// whose host is unknown does not: an allow-list is a promise about every stored report.</summary>
    public bool AllowsHost(string? host)
    {
        if (Hosts.Count == 0)
            return true;
        foreach (var pattern in Hosts)
            if (pattern.Matches(host))
                return true;
        return false;
    }
}
