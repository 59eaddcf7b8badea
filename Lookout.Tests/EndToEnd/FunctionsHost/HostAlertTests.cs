using System.Net;
using System.Text;
using System.Text.Json;
using Lookout.Core.Alerts;
using Lookout.Functions.Alerts;
using Lookout.Tests.Alerts;
using Lookout.Tests.Pipeline.Harness;

namespace Lookout.Tests.FunctionsHost;

/// <summary>
/// Alerts and triage under the real Functions host: DeliverAlert runs as the host's queue trigger on
/// <c>lookout-alerts</c> and posts to a loopback webhook; the triage route is anonymous at the host and checks the
/// write key itself, so the function key cannot write; the RateAlerts timer fires through the admin API.
/// </summary>
[Trait("Category", "FunctionsHost"), Collection(FunctionsHostCollection.Name)]
public sealed class HostAlertTests
{
    private readonly FunctionsHostPipeline _pipeline;

    public HostAlertTests(FunctionsHostPipeline pipeline)
    {
        FunctionsHostCollection.SkipUnlessAvailable();
        _pipeline = pipeline;
    }

    private Support.FunctionsHost Host => _pipeline.Host;
    private WebhookReceiver Receiver => _pipeline.Receiver!;

    [SkippableFact]
    public async Task A_new_issue_reaches_the_webhook_through_the_hosts_queue_trigger_and_a_resolved_one_regresses()
    {
        var site = LookoutPipeline.NewSite();
        var report = AlertPipeline.Csp(site + ".blocked.example", site, 1);
        await _pipeline.PostReportsAsync([report], site);
        var issue = await Eventually.MatchAsync(() => Task.FromResult(Receiver.Delivered("/json").FirstOrDefault(r => r.Text.Contains(site, StringComparison.Ordinal))),
            r => r is not null, TimeSpan.FromSeconds(90), "the new-issue alert");
        Assert.Equal(AlertRules.NewIssue, issue!.Rule);
        Assert.Equal(issue.Key, issue.Body.GetProperty("idempotencyKey").GetString());
        await Host.Process.WaitForLineAsync(l => l.Contains($"Executed 'Functions.{AlertDeliveryFunction.Name}' (Succeeded", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30), "DeliverAlert run by the host");

        var type = issue.Body.GetProperty("type").GetString()!;
        var fingerprint = issue.Body.GetProperty("fingerprint").GetString()!;
        Assert.Equal(HttpStatusCode.Unauthorized, await TriageAsync(type, fingerprint, "resolved", writeKey: null));
        Assert.Equal(HttpStatusCode.Forbidden, await TriageAsync(type, fingerprint, "resolved", writeKey: Host.FunctionKey));
        Assert.Equal(HttpStatusCode.OK, await TriageAsync(type, fingerprint, "resolved", writeKey: _pipeline.WriteKey));

        await _pipeline.PostReportsAsync([AlertPipeline.Csp(site + ".blocked.example", site, 2)], site);
        await Eventually.MatchAsync(() => Task.FromResult(Receiver.Delivered("/json").Count(r => r.Rule == AlertRules.Regression && r.Text.Contains(fingerprint, StringComparison.Ordinal))),
            n => n == 1, TimeSpan.FromSeconds(90), "the regression alert");
    }

    [SkippableFact]
    public async Task The_rate_alerts_timer_fires_through_the_admin_api()
    {
        Assert.Equal(HttpStatusCode.Accepted, await Host.RunFunctionAsync(RateAlertsFunction.Name, _pipeline.Http));
        await Host.Process.WaitForLineAsync(l => l.Contains($"Executed 'Functions.{RateAlertsFunction.Name}' (Succeeded", StringComparison.Ordinal),
            TimeSpan.FromSeconds(60), "the RateAlerts run");
        Assert.Contains("Rate alerts at ", Host.Output);
    }

    private async Task<HttpStatusCode> TriageAsync(string type, string fingerprint, string state, string? writeKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Host.BaseUrl, "/api/triage"))
        {
            Content = new StringContent(JsonSerializer.Serialize(new { type, fingerprint, state }), Encoding.UTF8, "application/json"),
        };
        if (writeKey is not null)
            request.Headers.Add("x-lookout-write-key", writeKey);
        request.Headers.Add("x-functions-key", Host.FunctionKey); // a read key never makes a write
        using var response = await _pipeline.Http.SendAsync(request);
        return response.StatusCode;
    }
}
