using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace Lookout.Functions.Normalize;

/// <summary>
/// Recovers the envelope bytes from a queue message as a host hands it over: the Functions host
/// decodes base64 itself but may pass the text JSON-quoted; a host configured with
/// <c>messageEncoding: none</c> passes the stored base64 text. All of these lead to the same bytes.
/// </summary>
public static class QueueMessageText
{
    public static ReadOnlyMemory<byte> Decode(string text)
    {
        var trimmed = text.AsSpan().Trim();
        // A JSON string literal (possibly quoted more than once): unquote until it is not.
        for (var depth = 0; depth < 3 && trimmed.Length >= 2 && trimmed[0] == '"'; depth++)
        {
            try
            {
                var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(trimmed.ToString()));
                reader.Read();
                text = reader.GetString() ?? "";
                trimmed = text.AsSpan().Trim();
            }
            catch (JsonException)
            {
                break;
            }
        }
        if (trimmed.Length > 0 && trimmed[0] != '{' && trimmed[0] != '[')
        {
            if (Base64.IsValid(trimmed))
                return Convert.FromBase64String(trimmed.ToString());
        }
        return Encoding.UTF8.GetBytes(trimmed.ToString());
    }
}
