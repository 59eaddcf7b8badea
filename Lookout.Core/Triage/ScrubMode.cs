namespace Lookout.Core.Triage;

/// <summary>What <see cref="Scrubber"/> removes from stored URLs (setting <c>Lookout__Scrub</c>).</summary>
public enum ScrubMode
{
    /// <summary>Store every byte as sent.</summary>
    None,
    /// <summary>Replace the values of secret-looking query and fragment parameters with <c>[Filtered]</c> (the default).</summary>
    Secrets,
    /// <summary>As <see cref="Secrets"/>, and drop every query string and fragment of a URL.</summary>
    Query,
}
