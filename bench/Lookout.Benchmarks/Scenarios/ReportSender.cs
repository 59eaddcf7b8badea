using System.Text;
using Azure.Data.Tables;

namespace Lookout.Benchmarks.Scenarios;

/// <summary>Builds and posts bench reports, and counts the rows they became.</summary>
internal static class ReportSender
{
    public static byte[] CspReports(int count, int first = 0)
    {
        var json = new StringBuilder("[");
        for (var i = 0; i < count; i++)
            json.Append(i == 0 ? "" : ",").Append(CspReport(first + i));
        return Encoding.UTF8.GetBytes(json.Append(']').ToString());
    }

    /// <summary>One Reporting API csp-violation as Chromium sends it; <paramref name="n"/> marks its URL.</summary>
    public static string CspReport(int n) =>
        "{\"age\":12,\"body\":{\"blockedURL\":\"https://cdn.example/img.png\",\"columnNumber\":17,\"disposition\":\"enforce\"," +
        $"\"documentURL\":\"https://bench.example/page?n={n}\",\"effectiveDirective\":\"img-src\",\"lineNumber\":9," +
        "\"originalPolicy\":\"default-src 'self'; img-src 'none'; report-to main\",\"referrer\":\"\",\"sample\":\"\"," +
        "\"sourceFile\":\"https://bench.example/app.js\",\"statusCode\":200},\"type\":\"csp-violation\"," +
        $"\"url\":\"https://bench.example/page?n={n}\",\"user_agent\":\"Mozilla/5.0 (X11; Linux x86_64) Chrome/142.0.0.0 Safari/537.36\"}}";

    /// <summary>POSTs like a browser's Reporting API upload: a 503 is retried (a few times, after a short pause).</summary>
    public static async Task PostRetryingAsync(HttpClient http, Uri reportsUrl, string site, byte[] body)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await PostAsync(http, reportsUrl, site, body);
                return;
            }
            catch (InvalidOperationException e) when (attempt < 5 && e.Message.StartsWith("POST answered 503", StringComparison.Ordinal))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500 * attempt));
            }
        }
    }

    public static async Task PostAsync(HttpClient http, Uri reportsUrl, string site, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/reports+json");
        using var response = await http.PostAsync(new Uri(reportsUrl + "?site=" + site), content);
        if ((int)response.StatusCode != 204)
            throw new InvalidOperationException($"POST answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public static async Task<List<TableEntity>> RowsAsync(TableClient table, string site, params string[] select)
    {
        var rows = new List<TableEntity>();
        try
        {
            await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"Site eq {site}"), 1000, select.Length == 0 ? null : select))
                rows.Add(row);
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
        }
        return rows;
    }

    public static async Task WaitForRowsAsync(TableClient table, string site, int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var seen = 0;
        while (DateTime.UtcNow < deadline)
        {
            seen = (await RowsAsync(table, site, "RowKey")).Count;
            if (seen >= count) return;
            await Task.Delay(100);
        }
        throw new TimeoutException($"Only {seen} of {count} rows of site {site} after {timeout.TotalSeconds} s.");
    }
}
