using System.Text.RegularExpressions;
using Lookout.Core.Envelopes;
using Lookout.Core.Triage;

namespace Lookout.Core.Sites;

/// <summary>A <c>Lookout__Sites</c> entry the parser cannot hold; the message names the entry and what is wrong.</summary>
public sealed class SitePolicyException(string message) : FormatException(message);

/// <summary>
/// The <c>Lookout__Sites</c> setting: entries separated by <c>;</c> or new lines, each
/// <c>&lt;site&gt;: hosts=&lt;host&gt;[,&lt;host&gt;…] budget=&lt;reports per minute&gt;</c> (either part may be left
/// out), e.g. <c>shop: hosts=shop.example,*.shop.example budget=600; *: hosts=example.org</c>. A host is a name or
/// <c>*.domain</c> (the domain and its subdomains). The site <c>*</c> applies to deliveries without a site tag and
/// to tags no entry names. Any mistake throws <see cref="SitePolicyException"/>, so the app stops at startup.
/// </summary>
public sealed partial class SitePolicies
{
    public const string Setting = "Lookout__Sites";
    public const string AnySite = "*";

    private readonly Dictionary<string, SitePolicy> _bySite;

    private SitePolicies(Dictionary<string, SitePolicy> bySite) => _bySite = bySite;

    public static SitePolicies None { get; } = new([]);

    public IReadOnlyCollection<SitePolicy> All => _bySite.Values;

    /// <summary>The policy for a delivery's site tag (null: untagged): its own entry, else <c>*</c>, else open.</summary>
    public SitePolicy For(string? site) =>
        site is not null && _bySite.TryGetValue(site, out var own) ? own
        : _bySite.TryGetValue(AnySite, out var any) ? any
        : SitePolicy.Open;

    public static SitePolicies Parse(string? text)
    {
        var bySite = new Dictionary<string, SitePolicy>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(text))
            return None;
        var number = 0;
        foreach (var entry in text.Split([';', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            number++;
            var policy = ParseEntry(entry, number);
            if (!bySite.TryAdd(policy.Site, policy))
                throw Error(number, policy.Site, "the site has an earlier entry");
        }
        return new SitePolicies(bySite);
    }

    private static SitePolicy ParseEntry(string entry, int number)
    {
        var colon = entry.IndexOf(':');
        var site = colon < 0 ? entry : entry[..colon].Trim();
        if (colon < 0 || !(site == AnySite || SiteTag.IsValid(site)))
            throw Error(number, site, $"expected '<site>: hosts=<host>[,<host>…] budget=<reports per minute>'; a site is {SiteTag.Rule}, or '*'");
        List<HostPattern>? hosts = null;
        int? budget = null;
        foreach (var part in entry[(colon + 1)..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=');
            var (key, value) = equals < 0 ? (part, "") : (part[..equals], part[(equals + 1)..]);
            switch (key)
            {
                case "hosts" when hosts is null:
                    hosts = [];
                    foreach (var host in value.Split(',', StringSplitOptions.TrimEntries))
                    {
                        if (!HostName().IsMatch(host))
                            throw Error(number, site, $"'{host}' is not a host name or '*.domain'");
                        hosts.Add(HostPattern.Parse(host));
                    }
                    break;
                case "budget" when budget is null:
                    if (!int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var perMinute) || perMinute < 1)
                        throw Error(number, site, $"budget '{value}' is not a whole number of reports per minute (1 or more)");
                    budget = perMinute;
                    break;
                case "hosts" or "budget":
                    throw Error(number, site, $"'{key}' is given twice");
                default:
                    throw Error(number, site, $"unknown part '{part}'; parts are hosts=… and budget=…");
            }
        }
        if (hosts is null && budget is null)
            throw Error(number, site, "the entry sets neither hosts=… nor budget=…");
        return new SitePolicy(site, hosts ?? [], budget);
    }

    private static SitePolicyException Error(int number, string site, string problem) =>
        new($"{Setting}: entry {number} (\"{site}\"): {problem}.");

    [GeneratedRegex(@"^(\*\.)?[A-Za-z0-9]([A-Za-z0-9-]{0,62}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*$")]
    private static partial Regex HostName();
}
