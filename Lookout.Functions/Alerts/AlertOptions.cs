using Lookout.Core.Alerts;

namespace Lookout.Functions.Alerts;

/// <summary>
/// <c>Lookout__Alerts__*</c>: webhook targets and the rules' numbers (docs/configuration.md, docs/alerts.md).
/// Target URLs are secrets: in Azure they are Key Vault references, and nothing here ever logs or returns them.
/// </summary>
public sealed class AlertOptions
{
    /// <summary><c>Lookout__Alerts__Targets__&lt;n&gt;__Url</c> / <c>__Format</c> / <c>__Types</c> / <c>__Sites</c> / <c>__MinReach</c>.</summary>
    public List<AlertTargetOptions> Targets { get; set; } = [];

    /// <summary>The queue alerts wait in for delivery. The trigger is bound to <see cref="QueueNames.Alerts"/>; another name only standalone (tests).</summary>
    public string QueueName { get; set; } = QueueNames.Alerts;

    /// <summary>Address of the dashboard loader page; alert links point into it.</summary>
    public string DashboardUrl { get; set; } = "http://127.0.0.1:7071/api/dashboard";

    /// <summary>Alerts one target gets per throttle window; the rest are counted and sent as one summary when the window ends.</summary>
    public int MaxPerHour { get; set; } = 20;

    /// <summary>Length of a throttle window (an hour; tests shorten it).</summary>
    public double ThrottleWindowSeconds { get; set; } = 3600;

    /// <summary>Wait before the first retry of a failed webhook post; doubles per attempt up to <see cref="RetryMaxSeconds"/>.</summary>
    public double RetryFirstSeconds { get; set; } = 30;

    public double RetryMaxSeconds { get; set; } = 3600;

    /// <summary>Posts of one alert to one target before it is given up (moved to the alerts poison queue).</summary>
    public int MaxAttempts { get; set; } = 20;

    /// <summary>Seconds a webhook may take to answer.</summary>
    public double TimeoutSeconds { get; set; } = 10;

    public double SpikeFactor { get; set; } = SpikeRule.DefaultFactor;
    public long SpikeMinimum { get; set; } = SpikeRule.DefaultMinimum;
    public double SilenceHours { get; set; } = SilenceRule.DefaultHours;

    /// <summary>An issue ignored until escalating opens again when a day's count reaches this many times its count on the day it was ignored.</summary>
    public double EscalationFactor { get; set; } = EscalationRule.DefaultFactor;

    public TimeSpan ThrottleWindow => TimeSpan.FromSeconds(ThrottleWindowSeconds);
    public TimeSpan RetryFirst => TimeSpan.FromSeconds(RetryFirstSeconds);
    public TimeSpan RetryMax => TimeSpan.FromSeconds(RetryMaxSeconds);

    /// <summary>The targets with a URL, checked; throws <see cref="InvalidOperationException"/> naming the setting (never the URL).</summary>
    public IReadOnlyList<AlertTarget> ParseTargets()
    {
        var targets = new List<AlertTarget>(Targets.Count);
        for (var i = 0; i < Targets.Count; i++)
        {
            var t = Targets[i];
            var name = $"Lookout__Alerts__Targets__{i}";
            if (string.IsNullOrWhiteSpace(t.Url))
                continue; // an empty slot (a settings template): no target
            if (!Uri.TryCreate(t.Url.Trim(), UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http"))
                throw new InvalidOperationException($"{name}__Url must be an absolute https (or http) address.");
            if (!AlertTarget.TryParseFormat(t.Format, out var format))
                throw new InvalidOperationException($"{name}__Format is '{t.Format}'; it must be slack, teams or json.");
            if (t.MinReach < 0)
                throw new InvalidOperationException($"{name}__MinReach must be 0 or more.");
            targets.Add(new AlertTarget(i, url, format, List(t.Types), List(t.Sites), t.MinReach));
        }
        return targets;
    }

    /// <summary>Null when valid, else why not.</summary>
    public string? Problem()
    {
        try { ParseTargets(); }
        catch (InvalidOperationException e) { return e.Message; }
        if (MaxPerHour < 1) return "Lookout__Alerts__MaxPerHour must be at least 1.";
        if (ThrottleWindowSeconds <= 0 || RetryFirstSeconds <= 0 || RetryMaxSeconds < RetryFirstSeconds)
            return "Lookout__Alerts__ThrottleWindowSeconds and RetryFirstSeconds must be positive, RetryMaxSeconds at least RetryFirstSeconds.";
        if (MaxAttempts < 1) return "Lookout__Alerts__MaxAttempts must be at least 1.";
        if (SpikeFactor <= 0 || SpikeMinimum < 1 || SilenceHours <= 0 || EscalationFactor <= 1)
            return "Lookout__Alerts__SpikeFactor and SilenceHours must be positive, SpikeMinimum at least 1, EscalationFactor above 1.";
        return Uri.TryCreate(DashboardUrl, UriKind.Absolute, out _) ? null : "Lookout__Alerts__DashboardUrl must be an absolute address.";
    }

    private static string[] List(string? text) =>
        (text ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>One <c>Lookout__Alerts__Targets__&lt;n&gt;</c> entry as configured.</summary>
public sealed class AlertTargetOptions
{
    /// <summary>The webhook address, a secret (a Key Vault reference in Azure). Empty: no target in this slot.</summary>
    public string Url { get; set; } = "";

    /// <summary><c>slack</c>, <c>teams</c> or <c>json</c>.</summary>
    public string Format { get; set; } = "json";

    /// <summary>Report types, comma separated (empty: all).</summary>
    public string Types { get; set; } = "";

    /// <summary>Site tags, comma separated (empty: all).</summary>
    public string Sites { get; set; } = "";

    /// <summary>Issue alerts reaching fewer distinct pages are not sent to this target (0: all).</summary>
    public long MinReach { get; set; }
}
