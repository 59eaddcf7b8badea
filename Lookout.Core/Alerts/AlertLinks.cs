namespace Lookout.Core.Alerts;

/// <summary>Dashboard addresses an alert links to (the dashboard routes by the URL fragment).</summary>
public sealed class AlertLinks(string dashboardUrl)
{
    private readonly string _base = dashboardUrl.TrimEnd('/');

    /// <summary>The issue page: <c>#/issue?day=…&amp;id=type_fingerprint</c>.</summary>
    public string Issue(string day, string type, string fingerprint) =>
        $"{_base}#/issue?day={Uri.EscapeDataString(day)}&id={Uri.EscapeDataString(type + "_" + fingerprint)}";

    /// <summary>The issue list of one site.</summary>
    public string Site(string site) => $"{_base}#/issues?site={Uri.EscapeDataString(site)}";

    /// <summary>The issue list (summaries).</summary>
    public string Issues() => $"{_base}#/issues";
}
