namespace Lookout.Core.Issues.Reach;

/// <summary>A browser's family and major version from its User-Agent, e.g. <c>Chrome 156</c>, <c>Firefox 133</c>, <c>Safari 18</c>.</summary>
public static class BrowserName
{
    // Tokens in the order they must be tried: Edge, Opera and Samsung also say "Chrome/", Chrome also says "Safari/".
    private static readonly (string Token, string Family)[] Tokens =
    [
        ("Edg/", "Edge"), ("EdgA/", "Edge"), ("EdgiOS/", "Edge"), ("OPR/", "Opera"), ("SamsungBrowser/", "Samsung Internet"),
        ("HeadlessChrome/", "HeadlessChrome"), ("CriOS/", "Chrome"), ("Chrome/", "Chrome"), ("FxiOS/", "Firefox"),
        ("Firefox/", "Firefox"), ("Version/", "Safari"),
    ];

    public static string Of(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
            return "(none)";
        foreach (var (token, family) in Tokens)
        {
            var at = userAgent.IndexOf(token, StringComparison.Ordinal);
            if (at < 0 || (family == "Safari" && !userAgent.Contains("Safari/", StringComparison.Ordinal)))
                continue;
            var start = at + token.Length;
            var end = start;
            while (end < userAgent.Length && char.IsAsciiDigit(userAgent[end]))
                end++;
            return end > start ? $"{family} {userAgent.AsSpan(start, Math.Min(end - start, 6))}" : family;
        }
        return "Other";
    }
}
