namespace Lookout.Core.Envelopes;

/// <summary>
/// The site tag a report URL may carry (<c>?site=</c>): 1–64 ASCII letters, digits, '.', '_' or '-'. Ingest
/// refuses other tags and the read API other filters, by this one rule (scripts/lib/report-query.mjs spells it
/// as a regular expression for the command line).
/// </summary>
public static class SiteTag
{
    public const int MaxLength = 64;

    public const string Rule = "1-64 letters, digits, '.', '_' or '-'";

    public static bool IsValid(string tag) =>
        tag.Length is > 0 and <= MaxLength && tag.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
}
