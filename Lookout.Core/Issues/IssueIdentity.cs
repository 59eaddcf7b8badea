using System.Security.Cryptography;
using System.Text;

namespace Lookout.Core.Issues;

/// <summary>
/// What a person would call "the same problem": a fingerprint (the same for reports that differ only in
/// query strings, line numbers or times) and a short human title. Each kind's rule is its
/// <see cref="Formats.Kinds.ReportKind.Identify"/>; docs/schema.md has the table.
/// </summary>
public sealed record IssueIdentity(string Fingerprint, string Title)
{
    /// <summary>
    /// The fingerprint rules' version, stored on every row and digest entity (<c>FingerprintScheme</c>). 1 (absent
    /// on old data): the document's path was part of most fingerprints; 2: the problem, with the page a dimension.
    /// </summary>
    public const int Scheme = 2;

    /// <summary>Longest title kept (it is shown in lists and alerts).</summary>
    public const int MaxTitleLength = 200;

    /// <summary>
    /// The fingerprint of <paramref name="type"/> and the identifying <paramref name="parts"/>: 16 hex digits of
    /// their SHA-256 (64 bits: collisions are negligible at a site's number of distinct problems). Parts are
    /// separated by a unit separator, so ("ab","c") and ("a","bc") differ.
    /// </summary>
    public static IssueIdentity Of(string type, string title, params string?[] parts)
    {
        var text = new StringBuilder(type);
        foreach (var part in parts)
            text.Append('\u001f').Append(part ?? "");
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
        var shortTitle = title.Length <= MaxTitleLength ? title : string.Concat(title.AsSpan(0, MaxTitleLength - 1), "…");
        return new IssueIdentity(Convert.ToHexStringLower(hash.AsSpan(0, 8)), shortTitle);
    }
}
