using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Azure;

namespace Lookout.Storage;

/// <summary>
/// The multipart/mixed body of an entity group transaction ("Performing entity group transactions"):
/// one batch part holding one changeset whose parts are HTTP requests, each with its own Content-ID,
/// CRLF line ends throughout. And the reading of the answer: the first failed operation (the
/// service stops there and rolls the changeset back) becomes the exception.
/// </summary>
internal static partial class TableBatch
{
    public const int MaxOperations = 100;
    public const int MaxBodyBytes = 4 * 1024 * 1024;

    public static (string ContentType, byte[] Body) Build(Uri tableEndpoint, string table, IReadOnlyList<TableEntity> upserts)
    {
        var batch = "batch_" + Guid.NewGuid().ToString("D");
        var changeset = "changeset_" + Guid.NewGuid().ToString("D");
        var root = tableEndpoint.AbsoluteUri.TrimEnd('/');
        using var body = new MemoryStream();
        void Line(string text = "") => body.Write(Encoding.UTF8.GetBytes(text + "\r\n"));

        Line("--" + batch);
        Line("Content-Type: multipart/mixed; boundary=" + changeset);
        Line();
        for (var i = 0; i < upserts.Count; i++)
        {
            var entity = upserts[i];
            var json = EdmValues.Serialize(entity);
            Line("--" + changeset);
            Line("Content-Type: application/http");
            Line("Content-Transfer-Encoding: binary");
            Line();
            // Insert Or Replace Entity: PUT to the entity's address without If-Match.
            Line($"PUT {root}/{TableClient.EntityPath(table, entity.PartitionKey, entity.RowKey)} HTTP/1.1");
            Line("Content-ID: " + (i + 1).ToString(CultureInfo.InvariantCulture));
            Line("Accept: application/json;odata=minimalmetadata");
            Line("Content-Type: application/json");
            Line("Prefer: return-no-content");
            Line("DataServiceVersion: 3.0");
            Line();
            body.Write(json);
            Line();
        }
        Line("--" + changeset + "--");
        Line("--" + batch + "--");
        return ("multipart/mixed; boundary=" + batch, body.ToArray());
    }

    /// <summary>Throws for the first operation of the answer whose status is not 2xx.</summary>
    public static void ThrowOnFailure(string responseBody)
    {
        var lines = responseBody.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var status = StatusLine().Match(lines[i]);
            if (!status.Success)
                continue;
            var code = int.Parse(status.Groups[1].Value, CultureInfo.InvariantCulture);
            if (code is >= 200 and < 300)
                continue;
            // The part's body starts after the blank line that ends its headers and runs to the next boundary.
            var start = Array.FindIndex(lines, i + 1, l => l.Length == 0);
            var text = new StringBuilder();
            for (var j = start + 1; start >= 0 && j < lines.Length && !lines[j].StartsWith("--", StringComparison.Ordinal); j++)
                text.Append(lines[j]).Append('\n');
            var detail = text.ToString().Trim();
            var (errorCode, message) = Http.StorageErrors.Parse(detail);
            throw Http.StorageErrors.Create(code, errorCode, message ?? status.Groups[2].Value, detail);
        }
    }

    [GeneratedRegex(@"^HTTP/1\.[01] (\d{3}) ?(.*)$")]
    private static partial Regex StatusLine();
}
