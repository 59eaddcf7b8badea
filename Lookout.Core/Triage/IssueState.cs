namespace Lookout.Core.Triage;

/// <summary>Where an issue is in triage. Kept per issue (type and fingerprint), not per day.</summary>
public enum IssueState
{
    /// <summary>Default: alerts on, listed.</summary>
    Open,
    /// <summary>Fixed: seen again, it becomes a regression (alert, back to open).</summary>
    Resolved,
    /// <summary>Counted and listed, never alerted.</summary>
    Muted,
    /// <summary>Quiet until a day's count reaches k× the count of the day it was ignored; then open again with an alert.</summary>
    Ignored,
}

public static class IssueStates
{
    public static string Name(IssueState state) => state switch
    {
        IssueState.Resolved => "resolved",
        IssueState.Muted => "muted",
        IssueState.Ignored => "ignored",
        _ => "open",
    };

    public static bool TryParse(string? text, out IssueState state)
    {
        state = IssueState.Open;
        switch (text?.Trim().ToLowerInvariant())
        {
            case "open": return true;
            case "resolved": state = IssueState.Resolved; return true;
            case "muted": state = IssueState.Muted; return true;
            case "ignored": state = IssueState.Ignored; return true;
            default: return false;
        }
    }

    /// <summary>Whether alerts about an issue in this state are sent (new issue, spike).</summary>
    public static bool Alerts(IssueState state) => state is IssueState.Open or IssueState.Resolved;
}
