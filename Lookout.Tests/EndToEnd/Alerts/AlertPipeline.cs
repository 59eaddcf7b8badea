using System.Net;
using System.Text;
using System.Text.Json;
using Lookout.Core.Alerts;
using Lookout.Tests.Pipeline.Harness;
using Lookout.Tests.Read;

namespace Lookout.Tests.Alerts;

/// <summary>
/// A pipeline with webhook targets pointing at a <see cref="WebhookReceiver"/> on loopback, a read key and a
/// write key, and its own alerts queue and tables. Subclasses choose the targets and the delivery numbers.
/// </summary>
public class AlertPipeline : ReadPipeline, IAsyncLifetime
{
    private readonly string _id = Guid.NewGuid().ToString("N")[..10];

    public WebhookReceiver Receiver { get; private set; } = null!;
    public string WriteKey { get; } = "wk-" + Guid.NewGuid().ToString("N");
    public string DashboardUrl => "https://lookout.example/api/dashboard";
    public string AlertsQueueName => $"alerts-{_id}";

    /// <summary>The targets as <c>Lookout__Alerts__Targets__n__*</c> settings, given the receiver.</summary>
    protected virtual IDictionary<string, string> Targets => new Dictionary<string, string>
    {
        ["Lookout__Alerts__Targets__0__Url"] = Receiver.Url("/slack").ToString(),
        ["Lookout__Alerts__Targets__0__Format"] = "slack",
        ["Lookout__Alerts__Targets__1__Url"] = Receiver.Url("/teams").ToString(),
        ["Lookout__Alerts__Targets__1__Format"] = "teams",
        ["Lookout__Alerts__Targets__2__Url"] = Receiver.Url("/json").ToString(),
        ["Lookout__Alerts__Targets__2__Format"] = "json",
        ["Lookout__Alerts__MaxPerHour"] = "1000",
    };

    protected override IDictionary<string, string> Settings
    {
        get
        {
            var settings = base.Settings;
            settings["Lookout__WriteKey"] = WriteKey;
            settings["Lookout__Alerts__QueueName"] = AlertsQueueName;
            settings["Lookout__AlertsTableName"] = $"alerts{_id}";
            settings["Lookout__TriageTableName"] = $"triage{_id}";
            settings["Lookout__Alerts__DashboardUrl"] = DashboardUrl;
            foreach (var (key, value) in Targets)
                settings[key] = value;
            return settings;
        }
    }

    async Task IAsyncLifetime.InitializeAsync()
    {
        Receiver = await WebhookReceiver.StartAsync();
        await InitializeAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await Receiver.DisposeAsync();
    }

    /// <summary>A CSP report blocking <c>https://<paramref name="blockedHost"/>/x.js</c> on <paramref name="page"/>: the blocked host makes the issue.</summary>
    public static string Csp(string blockedHost, string page, int n) =>
        $$$"""{"type":"csp-violation","age":1,"url":"https://shop.example/{{{page}}}","user_agent":"UA","body":{"documentURL":"https://shop.example/{{{page}}}","blockedURL":"https://{{{blockedHost}}}/x.js","effectiveDirective":"script-src-elem","disposition":"enforce","lineNumber":{{{n}}}}}""";

    /// <summary>Posts <paramref name="reports"/> reports of one new issue on its own site; returns its type and fingerprint once counted.</summary>
    public async Task<Issue> PostIssueAsync(string site, int reports = 1, long expectedTotal = 0)
    {
        await PostReportsAsync(Enumerable.Range(0, reports).Select(n => Csp(site + ".blocked.example", site, n)), site);
        await WaitForDigestAsync(site, expectedTotal > 0 ? expectedTotal : reports);
        var issues = (await OkAsync($"read/issues?site={site}&from={Today}&to={Today}&noise=all")).GetProperty("items").EnumerateArray().ToList();
        var issue = Assert.Single(issues);
        return new Issue(site, issue.GetProperty("type").GetString()!, issue.GetProperty("fingerprint").GetString()!);
    }

    public async Task<HttpResponseMessage> TriageAsync(Issue issue, string state, string? writeKey = null, string? readKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(App.BaseUrl, "/api/triage"))
        {
            Content = new StringContent(JsonSerializer.Serialize(new { type = issue.Type, fingerprint = issue.Fingerprint, state }), Encoding.UTF8, "application/json"),
        };
        if (writeKey is not null)
            request.Headers.Add("x-lookout-write-key", writeKey);
        if (readKey is not null)
            request.Headers.Add("x-functions-key", readKey);
        return await Http.SendAsync(request);
    }

    /// <summary>Waits until <paramref name="path"/> has an accepted post with <paramref name="key"/>; returns those posts.</summary>
    public Task<List<Received>> DeliveredAsync(string path, string key, TimeSpan? timeout = null) =>
        Eventually.MatchAsync(() => Task.FromResult(Receiver.Delivered(path).Where(r => r.Key == key).ToList()), d => d.Count > 0,
            timeout ?? TimeSpan.FromSeconds(60), $"an alert {key} on {path}");

    /// <summary>
    /// Fails the webhook, posts <paramref name="issues"/> new issues and waits until each one's alert was refused
    /// at least <paramref name="refusals"/> times; returns their alert keys (the webhook still failing).
    /// </summary>
    public async Task<List<string>> NewIssuesRefusedAsync(int issues, int refusals)
    {
        Receiver.Failing = true;
        var keys = new List<string>();
        for (var i = 0; i < issues; i++)
            keys.Add(NewIssueKey(await PostIssueAsync(LookoutPipeline.NewSite())));
        await Eventually.MatchAsync(() => Task.FromResult(keys.Min(k => Receiver.All.Count(r => r.Key == k && r.Status == 500))),
            failures => failures >= refusals, TimeSpan.FromSeconds(60), $"{refusals} refused attempts of each alert");
        return keys;
    }

    public static string NewIssueKey(Issue issue) => AlertKeys.Of(AlertRules.NewIssue, issue.Type, issue.Fingerprint);
}

public sealed record Issue(string Site, string Type, string Fingerprint);
