using System.Globalization;
using System.Text;

namespace Lookout.Core.Policy;

/// <summary>One policy's share of an issue's reports: how many, how many of them noise, and whether it only reports.</summary>
public readonly record struct PolicyCount(long Reports, long Noise, bool ReportOnly);

/// <summary>
/// The reports of one CSP issue (of one day) per policy id (<see cref="PolicyText.Id"/>). At most
/// <see cref="MaxPolicies"/> policies are listed; reports of further ones are counted in <see cref="Overflow"/>,
/// so listed reports plus overflow always equal the reports that carried a policy. Stored as compact text
/// (<see cref="Format"/>: <c>id:reports:noise:r|e</c>, comma-separated) in the digest entity.
/// </summary>
public sealed class PolicyTallies
{
    /// <summary>Policies listed per issue and day: a site has a handful; thousands would be an attacker's, bounded here.</summary>
    public const int MaxPolicies = 16;

    private static readonly Dictionary<string, PolicyCount> None = [];

    // Made on the first policy: most issues are not CSP and never need one.
    private Dictionary<string, PolicyCount>? _counts;

    public IReadOnlyDictionary<string, PolicyCount> Counts => _counts ?? None;

    /// <summary>Reports of policies beyond <see cref="MaxPolicies"/>: counted, not attributed.</summary>
    public long Overflow { get; private set; }

    public bool IsEmpty => Counts.Count == 0 && Overflow == 0;

    public void Add(string id, long reports, long noise, bool reportOnly)
    {
        _counts ??= new Dictionary<string, PolicyCount>(StringComparer.Ordinal);
        if (_counts.TryGetValue(id, out var count))
            _counts[id] = new PolicyCount(count.Reports + reports, count.Noise + noise, count.ReportOnly);
        else if (_counts.Count < MaxPolicies)
            _counts[id] = new PolicyCount(reports, noise, reportOnly);
        else
            Overflow += reports;
    }

    /// <summary>Adds <paramref name="other"/>'s counts, policies in id order so every writer keeps the same ones.</summary>
    public void Merge(PolicyTallies other)
    {
        foreach (var (id, count) in other.Counts.OrderBy(c => c.Key, StringComparer.Ordinal))
            Add(id, count.Reports, count.Noise, count.ReportOnly);
        Overflow += other.Overflow;
    }

    public string Format()
    {
        var text = new StringBuilder(Counts.Count * 32);
        foreach (var (id, count) in Counts.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            if (text.Length > 0)
                text.Append(',');
            text.Append(id).Append(':').Append(count.Reports.ToString(CultureInfo.InvariantCulture)).Append(':')
                .Append(count.Noise.ToString(CultureInfo.InvariantCulture)).Append(':').Append(count.ReportOnly ? 'r' : 'e');
        }
        return text.ToString();
    }

    /// <summary>Reads what <see cref="Format"/> wrote (entries that do not parse are skipped, never an exception).</summary>
    public static PolicyTallies Parse(string? text, long overflow = 0)
    {
        var tallies = new PolicyTallies { Overflow = overflow };
        foreach (var entry in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = entry.Split(':');
            if (parts.Length == 4 && IsId(parts[0])
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var reports)
                && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var noise) && parts[3] is "r" or "e")
                tallies.Add(parts[0], reports, noise, parts[3] == "r");
        }
        return tallies;
    }

    /// <summary>A policy id as <see cref="PolicyText.Id"/> makes them: 16 lower-case hex digits.</summary>
    public static bool IsId(string? text) => text is { Length: 16 } && text.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');
}
