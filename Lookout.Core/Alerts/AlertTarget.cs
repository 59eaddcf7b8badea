namespace Lookout.Core.Alerts;

/// <summary>The payload shapes a webhook target can take.</summary>
public enum AlertFormat
{
    /// <summary>Slack incoming webhook: <c>text</c> plus Block Kit blocks.</summary>
    Slack,
    /// <summary>Microsoft Teams Workflows ("When a Teams webhook request is received"): a message with one Adaptive Card.</summary>
    Teams,
    /// <summary>Plain JSON of the alert, with its idempotency key.</summary>
    Json,
}

/// <summary>
/// One webhook target with its filters. The URL is a secret (it carries the webhook's token): it is never
/// logged nor shown; <see cref="Name"/> (its index and format) stands for it everywhere else.
/// </summary>
/// <param name="Index">Position in <c>Lookout__Alerts__Targets</c>.</param>
/// <param name="Types">Report types it wants (empty: all).</param>
/// <param name="Sites">Site tags it wants (empty: all).</param>
/// <param name="MinReach">Issue alerts below this reach are not sent to it (site alerts always are).</param>
public sealed record AlertTarget(int Index, Uri Url, AlertFormat Format, IReadOnlyList<string> Types, IReadOnlyList<string> Sites, long MinReach)
{
    public string Name => $"target {Index} ({Format.ToString().ToLowerInvariant()})";

    /// <summary>Whether the alert passes this target's filters. Type and reach filters apply to issue alerts;
    /// site alerts (no type) pass on their site. Summaries always pass: they stand for alerts that did.</summary>
    public bool Wants(Alert alert)
    {
        if (alert.Rule == AlertRules.Summary)
            return true;
        if (Sites.Count > 0 && !SiteMatches(alert))
            return false;
        if (alert.Type is null)
            return true;
        return (Types.Count == 0 || Types.Contains(alert.Type, StringComparer.Ordinal)) && alert.Reach >= MinReach;
    }

    private bool SiteMatches(Alert alert) => alert.Sites.Any(s => Sites.Contains(s, StringComparer.Ordinal));

    public override string ToString() => Name; // never the URL

    /// <summary>Parses a format name (<c>slack</c>, <c>teams</c>, <c>json</c>), case-insensitively.</summary>
    public static bool TryParseFormat(string? text, out AlertFormat format)
    {
        format = AlertFormat.Json;
        return text?.Trim().ToLowerInvariant() switch
        {
            "slack" => (format = AlertFormat.Slack) == AlertFormat.Slack,
            "teams" => (format = AlertFormat.Teams) == AlertFormat.Teams,
            "json" => true,
            _ => false,
        };
    }
}
