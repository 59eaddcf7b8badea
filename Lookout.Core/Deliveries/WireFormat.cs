namespace Lookout.Core.Deliveries;

/// <summary>The content types Lookout accepts, by what they can carry.</summary>
public enum WireFormat
{
    /// <summary><c>application/reports+json</c>: Reporting API array (or a single object).</summary>
    ReportsJson,
    /// <summary><c>application/csp-report</c>: legacy CSP, also Safari's generic objects.</summary>
    CspReport,
    /// <summary><c>application/json</c>: old Firefox CSP, HPKP, unwrapped Expect-Staple, anything JSON.</summary>
    Json,
    /// <summary><c>application/expect-ct-report+json</c> and the draft <c>application/expect-ct-report</c>.</summary>
    ExpectCtReport,
}

public static class ContentTypes
{
    /// <summary>
    /// Resolves a Content-Type header to a wire format; parameters (<c>; charset=utf-8</c>), white
    /// space and letter case do not matter. Returns false for anything Lookout does not accept.
    /// </summary>
    public static bool TryResolve(string? contentType, out WireFormat format)
    {
        format = default;
        if (string.IsNullOrWhiteSpace(contentType))
            return false;
        var mediaType = contentType.AsSpan();
        var semicolon = mediaType.IndexOf(';');
        if (semicolon >= 0)
            mediaType = mediaType[..semicolon];
        mediaType = mediaType.Trim();

        if (mediaType.Equals("application/reports+json", StringComparison.OrdinalIgnoreCase))
            format = WireFormat.ReportsJson;
        else if (mediaType.Equals("application/csp-report", StringComparison.OrdinalIgnoreCase))
            format = WireFormat.CspReport;
        else if (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
            format = WireFormat.Json;
        else if (mediaType.Equals("application/expect-ct-report+json", StringComparison.OrdinalIgnoreCase)
              || mediaType.Equals("application/expect-ct-report", StringComparison.OrdinalIgnoreCase))
            format = WireFormat.ExpectCtReport;
        else
            return false;
        return true;
    }

    /// <summary>The media types accepted, for error messages and documentation.</summary>
    public static readonly string[] Supported =
    [
        "application/reports+json",
        "application/csp-report",
        "application/json",
        "application/expect-ct-report+json",
        "application/expect-ct-report",
    ];
}
