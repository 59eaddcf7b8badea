using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Lookout.Core.Alerts;
using Lookout.Tests.Pipeline.Harness;
using Lookout.Tests.Read;
using Lookout.Tests.Formats.Kinds;

namespace Lookout.Tests.Alerts;

/// <summary>
/// The write path's alerts through the real pipeline (standalone host, Azurite, a loopback webhook receiver
/// with a Slack, a Teams and a JSON target): each fires once per event with its format's payload, and
/// triage (resolve, mute, ignore until escalating) changes what fires. Also: the write key guards POST /api/triage.
/// </summary>
public class AlertRulesTests(AlertPipeline pipeline) : IClassFixture<AlertPipeline>
{
    private static string Today => ReadPipeline.Today;

    [Fact]
    public async Task New_issue_alert_reaches_each_target_once_with_its_format_payload()
    {
        var issue = await pipeline.PostIssueAsync(LookoutPipeline.NewSite(), reports: 3);
        var key = AlertPipeline.NewIssueKey(issue);
        var link = $"{pipeline.DashboardUrl}#/issue?day={Today}&id={issue.Type}_{issue.Fingerprint}";

        var json = Assert.Single(await pipeline.DeliveredAsync("/json", key)).Body;
        Assert.Equal(key, json.GetProperty("idempotencyKey").GetString());
        Assert.Equal("new-issue", json.GetProperty("rule").GetString());
        Assert.Equal("csp-violation", json.GetProperty("type").GetString());
        Assert.Equal(issue.Fingerprint, json.GetProperty("fingerprint").GetString());
        Assert.Equal(link, json.GetProperty("link").GetString());
        Assert.Equal(issue.Site, json.GetProperty("site").GetString());
        Assert.Equal(3, json.GetProperty("count").GetInt64());

        var teams = Assert.Single(await pipeline.DeliveredAsync("/teams", key)).Body;
        Assert.Equal("message", teams.GetProperty("type").GetString());
        var attachment = Assert.Single(teams.GetProperty("attachments").EnumerateArray());
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.GetProperty("contentType").GetString());
        var card = attachment.GetProperty("content");
        Assert.Equal("AdaptiveCard", card.GetProperty("type").GetString());
        Assert.Equal("1.4", card.GetProperty("version").GetString());
        Assert.Equal("New issue", card.GetProperty("body")[0].GetProperty("text").GetString());
        var open = Assert.Single(card.GetProperty("actions").EnumerateArray());
        Assert.Equal("Action.OpenUrl", open.GetProperty("type").GetString());
        Assert.Equal(link, open.GetProperty("url").GetString());
        Assert.Contains(card.GetProperty("body").EnumerateArray().Where(b => b.GetProperty("type").GetString() == "FactSet")
            .SelectMany(f => f.GetProperty("facts").EnumerateArray()), f => f.GetProperty("title").GetString() == "Key" && f.GetProperty("value").GetString() == key);

        var slack = Assert.Single(await pipeline.DeliveredAsync("/slack", key)).Body;
        Assert.StartsWith("[Lookout] New issue: ", slack.GetProperty("text").GetString());
        var section = slack.GetProperty("blocks")[0];
        Assert.Equal("section", section.GetProperty("type").GetString());
        Assert.Equal("mrkdwn", section.GetProperty("text").GetProperty("type").GetString());
        Assert.Contains($"<{link}|", section.GetProperty("text").GetProperty("text").GetString());

        // More reports of the same issue are no new issue: after another issue's alert has arrived, still one each.
        await pipeline.PostReportsAsync(Enumerable.Range(0, 2).Select(n => AlertPipeline.Csp(issue.Site + ".blocked.example", issue.Site, n)), issue.Site);
        await pipeline.WaitForDigestAsync(issue.Site, 5);
        var marker = await pipeline.PostIssueAsync(LookoutPipeline.NewSite());
        await pipeline.DeliveredAsync("/json", AlertPipeline.NewIssueKey(marker));
        foreach (var path in new[] { "/json", "/teams", "/slack" })
            Assert.Single(pipeline.Receiver.All, r => r.Path == path && r.Key == key);
    }

    [Fact]
    public async Task A_new_noise_issue_sends_no_alert_and_no_webhook_url_is_logged_or_read()
    {
        // A browser extension's script: noise, a new issue nobody can act on.
        var site = LookoutPipeline.NewSite();
        var report = $$$"""{"type":"csp-violation","age":1,"url":"https://shop.example/{{{site}}}","user_agent":"UA","body":{"documentURL":"https://shop.example/{{{site}}}","blockedURL":"chrome-extension://{{{site}}}/inject.js","effectiveDirective":"script-src-elem","disposition":"enforce"}}""";
        await pipeline.PostReportsAsync([report], site);
        await pipeline.WaitForDigestAsync(site, 1);
        var marker = await pipeline.PostIssueAsync(LookoutPipeline.NewSite());
        await pipeline.DeliveredAsync("/json", AlertPipeline.NewIssueKey(marker));
        Assert.DoesNotContain(pipeline.Receiver.All, r => r.Text.Contains(site, StringComparison.Ordinal));

        // The targets' URLs are secrets: the start-up summary says "set", no log line and no read answer has them.
        var receiver = pipeline.Receiver.BaseUrl.GetLeftPart(UriPartial.Authority);
        Assert.Matches(@"(?m)^  Lookout__Alerts__Targets__2__Url +set$", pipeline.App.Output);
        Assert.DoesNotContain(receiver, pipeline.App.Output);
        foreach (var path in new[] { "read/triage", "read/triage/rules", "read/setup", $"read/issues?from={Today}&to={Today}&noise=all" })
            Assert.DoesNotContain(receiver, (await pipeline.OkAsync(path)).GetRawText());
    }

    [Fact]
    public async Task Triage_needs_the_write_key_and_the_read_key_cannot_write()
    {
        var issue = await pipeline.PostIssueAsync(LookoutPipeline.NewSite());
        using (var none = await pipeline.TriageAsync(issue, "muted"))
            Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        using (var readKeyOnly = await pipeline.TriageAsync(issue, "muted", readKey: pipeline.ReadKey))
            Assert.Equal(HttpStatusCode.Unauthorized, readKeyOnly.StatusCode);
        using (var readKeyAsWriteKey = await pipeline.TriageAsync(issue, "muted", writeKey: pipeline.ReadKey))
            Assert.Equal(HttpStatusCode.Forbidden, readKeyAsWriteKey.StatusCode);
        using (var badState = await pipeline.TriageAsync(issue, "snoozed", writeKey: pipeline.WriteKey))
        {
            Assert.Equal(HttpStatusCode.BadRequest, badState.StatusCode);
            Assert.Contains("'state'", JsonDocument.Parse(await badState.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
        }
        Assert.Equal("open", await StateAsync(issue));

        using (var ok = await pipeline.TriageAsync(issue, "muted", writeKey: pipeline.WriteKey))
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("muted", await StateAsync(issue));
        // The list of states is a read: the write key alone does not open it.
        var (status, _) = await pipeline.GetJsonAsync("read/triage", key: pipeline.WriteKey);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task Resolved_issue_reported_again_raises_one_regression_and_is_open_again()
    {
        var issue = await pipeline.PostIssueAsync(LookoutPipeline.NewSite());
        await pipeline.DeliveredAsync("/json", AlertPipeline.NewIssueKey(issue));
        using (var resolve = await pipeline.TriageAsync(issue, "resolved", writeKey: pipeline.WriteKey))
            Assert.Equal(HttpStatusCode.OK, resolve.StatusCode);
        Assert.Equal("resolved", await StateAsync(issue));

        await pipeline.PostReportsAsync([AlertPipeline.Csp(issue.Site + ".blocked.example", issue.Site, 1)], issue.Site);
        var regression = await Eventually.MatchAsync(() => Task.FromResult(RulesOf(issue, "/json", AlertRules.Regression)), r => r.Count > 0,
            TimeSpan.FromSeconds(60), "a regression alert");
        Assert.Contains("reported again", regression[0].Body.GetProperty("detail").GetString());
        Assert.Equal("open", await StateAsync(issue));

        // Open now: the next report is no regression; a later issue's alert arrives and this one still has one.
        await pipeline.PostReportsAsync([AlertPipeline.Csp(issue.Site + ".blocked.example", issue.Site, 2)], issue.Site);
        await pipeline.WaitForDigestAsync(issue.Site, 3);
        var marker = await pipeline.PostIssueAsync(LookoutPipeline.NewSite());
        await pipeline.DeliveredAsync("/json", AlertPipeline.NewIssueKey(marker));
        Assert.Single(RulesOf(issue, "/json", AlertRules.Regression));
        Assert.Single(RulesOf(issue, "/slack", AlertRules.Regression, json: false));
    }

    [Fact]
    public async Task Muted_issue_sends_no_alert_when_it_is_first_seen()
    {
        // Muted before its first report (the fingerprint is the problem's, known in advance): when it arrives it is
        // new ever, and the mute keeps the webhook alert back.
        var site = LookoutPipeline.NewSite();
        var report = AlertPipeline.Csp(site + ".blocked.example", site, 7);
        var issue = new Issue(site, "csp-violation", IssueKit.FingerprintOf(JsonNode.Parse(report)!.AsObject()));
        using (var mute = await pipeline.TriageAsync(issue, "muted", writeKey: pipeline.WriteKey))
            Assert.Equal(HttpStatusCode.OK, mute.StatusCode);
        await pipeline.PostReportsAsync([report], site);
        await pipeline.WaitForDigestAsync(site, 1);

        var marker = await pipeline.PostIssueAsync(LookoutPipeline.NewSite());
        await pipeline.DeliveredAsync("/json", AlertPipeline.NewIssueKey(marker));
        Assert.DoesNotContain(pipeline.Receiver.All, r => r.Text.Contains(issue.Fingerprint, StringComparison.Ordinal));
        Assert.Equal("muted", await StateAsync(issue));
    }

    [Fact]
    public async Task Ignored_issue_is_quiet_until_a_day_reaches_twice_its_count_then_one_escalating_alert()
    {
        var issue = await pipeline.PostIssueAsync(LookoutPipeline.NewSite(), reports: 4);
        await pipeline.DeliveredAsync("/json", AlertPipeline.NewIssueKey(issue));
        using (var ignore = await pipeline.TriageAsync(issue, "ignored", writeKey: pipeline.WriteKey))
        {
            Assert.Equal(HttpStatusCode.OK, ignore.StatusCode);
            Assert.Equal(4, JsonDocument.Parse(await ignore.Content.ReadAsStringAsync()).RootElement.GetProperty("countWhenIgnored").GetInt64());
        }
        // 7 of 8 (the default factor is 2): still ignored, no alert.
        await pipeline.PostReportsAsync(Enumerable.Range(0, 3).Select(n => AlertPipeline.Csp(issue.Site + ".blocked.example", issue.Site, n)), issue.Site);
        await pipeline.WaitForDigestAsync(issue.Site, 7);
        Assert.Equal("ignored", await StateAsync(issue));
        // The 8th: escalating, open again, one alert.
        await pipeline.PostReportsAsync([AlertPipeline.Csp(issue.Site + ".blocked.example", issue.Site, 9)], issue.Site);
        var escalating = await Eventually.MatchAsync(() => Task.FromResult(RulesOf(issue, "/json", AlertRules.Escalating)), r => r.Count > 0,
            TimeSpan.FromSeconds(60), "an escalating alert");
        Assert.Equal(8, escalating[0].Body.GetProperty("count").GetInt64());
        Assert.Equal("open", await StateAsync(issue));
        Assert.Empty(RulesOf(issue, "/json", AlertRules.NewIssue).Skip(1));
    }

    private List<Received> RulesOf(Issue issue, string path, string rule, bool json = true) =>
        pipeline.Receiver.Delivered(path).Where(r => r.Text.Contains(issue.Fingerprint, StringComparison.Ordinal)
            && (json ? r.Rule == rule : r.Text.Contains(AlertPayloads.Heading(rule), StringComparison.Ordinal))).ToList();

    private async Task<string> StateAsync(Issue issue)
    {
        var list = await pipeline.OkAsync("read/triage");
        var item = list.GetProperty("items").EnumerateArray()
            .FirstOrDefault(i => i.GetProperty("type").GetString() == issue.Type && i.GetProperty("fingerprint").GetString() == issue.Fingerprint);
        return item.ValueKind == JsonValueKind.Undefined ? "open" : item.GetProperty("state").GetString()!;
    }
}
