using Lookout.Core.Records;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lookout.Tests.Pipeline.Harness;

namespace Lookout.Tests.Read;

/// <summary>A pipeline whose reads need a key (<c>Lookout__ReadKey</c>) and which stores every report (no row cap).</summary>
public class ReadPipeline : LookoutPipeline
{
    /// <summary>The key reads take: the standalone host's read key, or the Functions host's function key.</summary>
    public virtual string ReadKey { get; } = "rk-" + Guid.NewGuid().ToString("N");

    protected override IDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Lookout__ReadKey"] = ReadKey,
        ["Lookout__MaxRowsPerIssuePerDay"] = "0",
        [QueueSetting("maxPollingInterval")] = "00:00:00.200",
    };

    public static string Today => UtcDay.Of(DateTimeOffset.UtcNow).ToString();

    public static string DayBefore(int days) => UtcDay.Of(DateTimeOffset.UtcNow).AddDays(-days).ToString();

    /// <summary>GET <paramref name="pathAndQuery"/> (after <c>/api/</c>) with the read key in the header.</summary>
    public async Task<(System.Net.HttpStatusCode Status, JsonElement Body)> GetJsonAsync(string pathAndQuery, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(App.BaseUrl, "/api/" + pathAndQuery));
        request.Headers.Add("x-functions-key", key ?? ReadKey);
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length > 0 && response.Content.Headers.ContentType?.MediaType == "application/json"
            ? JsonDocument.Parse(text).RootElement.Clone()
            : JsonDocument.Parse(JsonSerializer.Serialize(text)).RootElement.Clone();
        return (response.StatusCode, body);
    }

    public async Task<JsonElement> OkAsync(string pathAndQuery)
    {
        var (status, body) = await GetJsonAsync(pathAndQuery);
        Assert.True(status == System.Net.HttpStatusCode.OK, $"GET {pathAndQuery}: {(int)status} {body}");
        return body;
    }

    /// <summary>Follows <c>next</c> until the last page; returns every page's items.</summary>
    public async Task<List<JsonElement[]>> AllPagesAsync(string pathAndQuery)
    {
        var pages = new List<JsonElement[]>();
        string? next = null;
        do
        {
            var page = await OkAsync(next is null ? pathAndQuery : pathAndQuery + "&token=" + Uri.EscapeDataString(next));
            pages.Add(page.GetProperty("items").EnumerateArray().ToArray());
            next = page.TryGetProperty("next", out var n) ? n.GetString() : null;
        } while (next is not null);
        return pages;
    }

    /// <summary>A Chromium-shaped CSP report on <c>/<paramref name="page"/></c> (the page picks the issue).</summary>
    public static string CspReport(string host, string page, int n) =>
        $$$"""{"type":"csp-violation","age":10,"url":"https://{{{host}}}/{{{page}}}","user_agent":"UA","body":{"documentURL":"https://{{{host}}}/{{{page}}}","blockedURL":"https://evil.example/x{{{n}}}.js","effectiveDirective":"script-src-elem","disposition":"enforce","lineNumber":{{{n}}},"sourceFile":"https://{{{host}}}/app.js"}}""";

    public static string NelReport(string host, int n) =>
        $$$"""{"type":"network-error","age":5,"url":"https://{{{host}}}/img/{{{n}}}.png","user_agent":"UA","body":{"elapsed_time":12,"method":"GET","phase":"dns","protocol":"","referrer":"","sampling_fraction":1.0,"server_ip":"","status_code":0,"type":"dns.name_not_resolved"}}""";

    public async Task PostReportsAsync(IEnumerable<string> reports, string site, int perDelivery = 50)
    {
        await Parallel.ForEachAsync(reports.Chunk(perDelivery), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (chunk, _) =>
        {
            using var response = await PostAsync(Encoding.UTF8.GetBytes("[" + string.Join(",", chunk) + "]"), "application/reports+json", site);
            Assert.Equal(System.Net.HttpStatusCode.NoContent, response.StatusCode);
        });
    }

    /// <summary>Waits until the digest counts <paramref name="count"/> reports of <paramref name="site"/> today (through the read API).</summary>
    public Task WaitForDigestAsync(string site, long count) =>
        Eventually.MatchAsync(async () =>
        {
            var top = await OkAsync($"read/top?site={site}&noise=all&limit=1");
            return top.GetProperty("total").GetInt64();
        }, total => total >= count, TimeSpan.FromSeconds(90), $"{count} reports of {site} in the digest");

    public static JsonContent Json(object value) => JsonContent.Create(value);
}
