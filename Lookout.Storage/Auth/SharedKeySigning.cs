using System.Globalization;
using System.Text;
using Azure.Core;

namespace Lookout.Storage.Auth;

/// <summary>Which Shared Key string-to-sign a request uses ("Authorize with Shared Key").</summary>
public enum SharedKeyScheme
{
    /// <summary>Blob/Queue/File "SharedKey": verb, 11 standard headers, x-ms-* headers, full resource.</summary>
    BlobQueue,
    /// <summary>Table "SharedKey": verb, Content-MD5, Content-Type, date, resource with only <c>comp</c>.</summary>
    Table,
    /// <summary>Table "SharedKeyLite": date and resource with only <c>comp</c>.</summary>
    TableLite,
}

/// <summary>
/// The string-to-sign rules of "Authorize with Shared Key", kept as pure functions of the request
/// parts so unit tests can pin them against the documented examples.
/// </summary>
public static class SharedKeySigning
{
    /// <summary>The scheme name that goes into the Authorization header.</summary>
    public static string AuthorizationScheme(SharedKeyScheme scheme) => scheme == SharedKeyScheme.TableLite ? "SharedKeyLite" : "SharedKey";

    /// <summary>
    /// Blob/Queue SharedKey (version 2015-02-21 and later: a zero Content-Length is an empty line).
    /// <paramref name="headers"/> holds every request header (name → value, any case).
    /// </summary>
    public static string BlobQueueStringToSign(string method, Uri uri, IEnumerable<KeyValuePair<string, string>> headers, string accountName)
    {
        var map = Normalize(headers);
        string H(string name) => map.TryGetValue(name, out var v) ? v : "";
        var contentLength = H("content-length");
        if (contentLength == "0")
            contentLength = "";
        var sb = new StringBuilder()
            .Append(method.ToUpperInvariant()).Append('\n')
            .Append(H("content-encoding")).Append('\n')
            .Append(H("content-language")).Append('\n')
            .Append(contentLength).Append('\n')
            .Append(H("content-md5")).Append('\n')
            .Append(H("content-type")).Append('\n')
            // Date stays empty: every request we send carries x-ms-date, which is in the x-ms-* block.
            .Append(map.ContainsKey("x-ms-date") ? "" : H("date")).Append('\n')
            .Append(H("if-modified-since")).Append('\n')
            .Append(H("if-match")).Append('\n')
            .Append(H("if-none-match")).Append('\n')
            .Append(H("if-unmodified-since")).Append('\n')
            .Append(H("range")).Append('\n');
        foreach (var (name, value) in map.Where(h => h.Key.StartsWith("x-ms-", StringComparison.Ordinal)).OrderBy(h => h.Key, StringComparer.Ordinal))
            sb.Append(name).Append(':').Append(value).Append('\n');
        sb.Append(BlobQueueCanonicalizedResource(uri, accountName));
        return sb.ToString();
    }

    /// <summary>
    /// "/account/path" then one line per query parameter: lowercase name, ':' and its decoded
    /// values sorted and comma-joined, names in ascending order.
    /// </summary>
    public static string BlobQueueCanonicalizedResource(Uri uri, string accountName)
    {
        var sb = new StringBuilder("/").Append(accountName).Append(Path(uri));
        var query = ParseQuery(uri.Query);
        foreach (var group in query.GroupBy(p => p.Key.ToLowerInvariant()).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var values = group.Select(p => p.Value).OrderBy(v => v, StringComparer.Ordinal);
            sb.Append('\n').Append(group.Key).Append(':').Append(string.Join(',', values));
        }
        return sb.ToString();
    }

    /// <summary>Table SharedKey: VERB, Content-MD5, Content-Type, Date (x-ms-date when set), resource.</summary>
    public static string TableStringToSign(string method, Uri uri, IEnumerable<KeyValuePair<string, string>> headers, string accountName)
    {
        var map = Normalize(headers);
        string H(string name) => map.TryGetValue(name, out var v) ? v : "";
        return method.ToUpperInvariant() + "\n" + H("content-md5") + "\n" + H("content-type") + "\n" +
               DateOf(map) + "\n" + TableCanonicalizedResource(uri, accountName);
    }

    /// <summary>Table SharedKeyLite: Date (x-ms-date when set) and resource.</summary>
    public static string TableLiteStringToSign(Uri uri, IEnumerable<KeyValuePair<string, string>> headers, string accountName) =>
        DateOf(Normalize(headers)) + "\n" + TableCanonicalizedResource(uri, accountName);

    /// <summary>"/account/path", plus "?comp=value" when the query has comp (no other parameter counts).</summary>
    public static string TableCanonicalizedResource(Uri uri, string accountName)
    {
        var resource = "/" + accountName + Path(uri);
        var comp = ParseQuery(uri.Query).FirstOrDefault(p => string.Equals(p.Key, "comp", StringComparison.OrdinalIgnoreCase));
        return comp.Key is null ? resource : resource + "?comp=" + comp.Value;
    }

    /// <summary>The string-to-sign of <paramref name="scheme"/> for a request.</summary>
    public static string StringToSign(SharedKeyScheme scheme, string method, Uri uri, IEnumerable<KeyValuePair<string, string>> headers, string accountName) =>
        scheme switch
        {
            SharedKeyScheme.BlobQueue => BlobQueueStringToSign(method, uri, headers, accountName),
            SharedKeyScheme.Table => TableStringToSign(method, uri, headers, accountName),
            _ => TableLiteStringToSign(uri, headers, accountName),
        };

    // The path as sent on the wire (still percent-encoded); an empty path is "/".
    private static string Path(Uri uri) => uri.AbsolutePath.Length == 0 ? "/" : uri.AbsolutePath;

    private static string DateOf(Dictionary<string, string> map) =>
        map.TryGetValue("x-ms-date", out var d) ? d : map.TryGetValue("date", out d) ? d : "";

    private static Dictionary<string, string> Normalize(IEnumerable<KeyValuePair<string, string>> headers)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in headers)
        {
            var key = name.ToLowerInvariant();
            // Repeated headers are comma-joined, as the HTTP layer would send them.
            map[key] = map.TryGetValue(key, out var existing) ? existing + "," + value.Trim() : value.Trim();
        }
        return map;
    }

    private static List<KeyValuePair<string, string>> ParseQuery(string query)
    {
        var result = new List<KeyValuePair<string, string>>();
        foreach (var part in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(eq < 0 ? part : part[..eq]);
            var value = eq < 0 ? "" : Uri.UnescapeDataString(part[(eq + 1)..].Replace('+', ' '));
            result.Add(new(name, value));
        }
        return result;
    }

    /// <summary>The RFC 1123 form x-ms-date needs.</summary>
    public static string FormatDate(DateTimeOffset time) => time.UtcDateTime.ToString("R", CultureInfo.InvariantCulture);
}
