using System.Security.Cryptography;
using System.Text;

namespace Lookout.Core.Policy;

/// <summary>
/// A policy's identity: its text normalized (directives trimmed and lower-cased, whitespace collapsed, nonce
/// values replaced by <c>*</c>, because servers mint a nonce per response) and a short hash of that text.
/// </summary>
public static class PolicyText
{
    /// <summary>The normalized text; the same for two responses of one policy that differ only in nonces or spacing.</summary>
    public static string Normalize(string serialized)
    {
        var text = new StringBuilder(serialized.Length);
        foreach (var range in serialized.AsSpan().Split(';'))
        {
            var directive = serialized.AsSpan()[range].Trim(ContentSecurityPolicy.AsciiWhitespace);
            if (directive.IsEmpty)
                continue;
            if (text.Length > 0)
                text.Append("; ");
            var first = true;
            foreach (var part in directive.SplitAny(ContentSecurityPolicy.AsciiWhitespace))
            {
                var token = directive[part];
                if (token.IsEmpty)
                    continue;
                if (first)
                    AppendLower(text, token);
                else if (token.StartsWith("'nonce-", StringComparison.OrdinalIgnoreCase))
                    text.Append(" 'nonce-*'");
                else
                    text.Append(' ').Append(token);
                first = false;
            }
        }
        return text.ToString();
    }

    /// <summary>16 hex digits of the SHA-256 of the normalized text: the policy's id in storage and URLs.</summary>
    public static string Id(string normalized) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalized)).AsSpan(0, 8));

    private static void AppendLower(StringBuilder text, ReadOnlySpan<char> token)
    {
        foreach (var c in token)
            text.Append(char.ToLowerInvariant(c));
    }
}
