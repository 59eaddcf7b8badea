using System.Security.Cryptography;
using System.Text;

namespace Lookout.Core.Alerts;

/// <summary>
/// Idempotency keys: a hash of what identifies the event (rule, issue or site, and the day, hour or moment
/// it is about), so every producer of the same event, and every redelivery, carries the same key.
/// </summary>
public static class AlertKeys
{
    public static string Of(params string?[] parts)
    {
        var text = string.Join('\u001f', parts.Select(p => p ?? ""));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 16));
    }
}
