using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using Azure;
using Azure.Core;

namespace Lookout.Storage.Http;

/// <summary>
/// Turns a failed service answer into <see cref="RequestFailedException"/> with the status and the
/// service's error code. Queue errors come as XML (<c>&lt;Error&gt;&lt;Code&gt;</c>), Table errors as
/// JSON (<c>odata.error.code</c> in the 2013+ format, <c>error.code</c> in OData v4 style); the
/// <c>x-ms-error-code</c> header wins when present because it is set for bodiless answers (HEAD) too.
/// </summary>
public static class StorageErrors
{
    /// <summary>Builds the exception for a response whose status signals failure.</summary>
    public static RequestFailedException FromResponse(Response response)
    {
        var text = response.Content is null ? "" : response.Content.ToString();
        response.Headers.TryGetValue("x-ms-error-code", out var headerCode);
        var (bodyCode, message) = Parse(text);
        return Create(response.Status, headerCode ?? bodyCode, message ?? response.ReasonPhrase, text);
    }

    internal static RequestFailedException Create(int status, string? code, string? message, string? body)
    {
        var text = $"Service request failed.\nStatus: {status}" +
                   (code is null ? "" : $"\nErrorCode: {code}") +
                   (string.IsNullOrEmpty(message) ? "" : $"\nMessage: {message}") +
                   (string.IsNullOrEmpty(body) ? "" : $"\nContent: {Truncate(body, 2000)}");
        return new RequestFailedException(status, text, code, null);
    }

    /// <summary>Reads the error code and message from an XML or JSON error body; nulls when neither.</summary>
    public static (string? Code, string? Message) Parse(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
            return (null, null);
        var trimmed = body.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        try
        {
            if (trimmed.StartsWith('<'))
                return ParseXml(trimmed);
            if (trimmed.StartsWith('{'))
                return ParseJson(trimmed);
        }
        catch (XmlException) { }
        catch (JsonException) { }
        return (null, null);
    }

    private static (string?, string?) ParseXml(string body)
    {
        var root = XDocument.Parse(body).Root;
        return (root?.Element("Code")?.Value, root?.Element("Message")?.Value);
    }

    private static (string?, string?) ParseJson(string body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            return (null, null);
        if (!root.TryGetProperty("odata.error", out var error) && !root.TryGetProperty("error", out error))
            return (null, null);
        var code = error.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        string? message = null;
        if (error.TryGetProperty("message", out var m))
            message = m.ValueKind switch
            {
                JsonValueKind.String => m.GetString(),
                // odata.error.message is { "lang": "en-US", "value": "..." }
                JsonValueKind.Object when m.TryGetProperty("value", out var v) => v.GetString(),
                _ => null,
            };
        return (code, message);
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max] + "…";

    /// <summary>Throws unless the response status is one of <paramref name="expected"/>.</summary>
    internal static void ThrowUnless(Response response, params int[] expected)
    {
        if (Array.IndexOf(expected, response.Status) < 0)
            throw FromResponse(response);
    }
}
