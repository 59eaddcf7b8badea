using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Lookout.Core.Formats.Kinds;
using Lookout.Functions.Hosting;
using Lookout.Standalone;
using Lookout.Tests.Browser;
using Lookout.Tests.Formats.Kinds;
using Lookout.Tests.Pipeline.Harness;
using Lookout.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lookout.Tests.Dashboard;

/// <summary>
/// "Adding a kind is one file plus one line", end to end: a kind declared only in this test project, registered in
/// the standalone host's services, is parsed and stored under its own slug, listed by <c>/api/read/kinds</c>, and
/// offered by the dashboard's type filter in Chromium, with no list of types anywhere else to update.
/// </summary>
[Trait("Category", "Browser")]
public class AddedKindDashboardTests
{
    [Fact]
    public async Task A_kind_added_in_the_test_project_is_stored_and_offered_by_the_dashboard_filter()
    {
        ChromiumBrowser.RequireExecutable();
        var azurite = await AzuriteServer.Shared;
        var run = "k" + Guid.NewGuid().ToString("N")[..10];
        var readKey = "rk-" + Guid.NewGuid().ToString("N");
        var port = FreePorts.Next();
        string[] args =
        [
            $"--AzureWebJobsStorage={azurite.ConnectionString}",
            $"--urls=http://127.0.0.1:{port}",
            $"--Lookout:ReadKey={readKey}",
            $"--Lookout:QueueName={run}-raw",
            $"--Lookout:TableName={run}reports",
            $"--Lookout:IssuesTableName={run}issues",
            "--AzureFunctionsJobHost:extensions:queues:maxPollingInterval=00:00:00.200",
        ];
        var kinds = ReportKinds.Builtin.With(ExampleViolation.Kind);
        await using var app = StandaloneApp.Build(StandaloneApp.CreateBuilder(args), QueueTriggerSettings.Load(AppContext.BaseDirectory),
            services => services.Replace(ServiceDescriptor.Singleton(kinds)));
        await app.StartAsync();
        var baseUrl = new Uri($"http://127.0.0.1:{port}");
        using var http = new HttpClient { BaseAddress = baseUrl };
        http.DefaultRequestHeaders.Add("x-functions-key", readKey);

        var slug = ExampleViolation.Kind.Slug;
        using var report = new StringContent($$$"""[{"type":"{{{slug}}}","age":1,"url":"https://a.example/","body":{"target":"https://b.example/","attempts":"3"}}]""", Encoding.UTF8);
        report.Headers.ContentType = new MediaTypeHeaderValue("application/reports+json");
        using var posted = await http.PostAsync("/api/reports", report);
        Assert.Equal(HttpStatusCode.NoContent, posted.StatusCode);

        // Stored under its own slug (the digest counts it), and listed by the read API.
        var issues = await Eventually.MatchAsync(
            async () => JsonDocument.Parse(await http.GetStringAsync($"/api/read/issues?type={slug}")).RootElement.GetProperty("items").GetArrayLength(),
            n => n == 1, TimeSpan.FromSeconds(60), $"the {slug} issue");
        Assert.Equal(1, issues);
        var listed = JsonDocument.Parse(await http.GetStringAsync("/api/read/kinds")).RootElement.GetProperty("kinds")
            .EnumerateArray().Select(k => k.GetProperty("slug").GetString()).ToList();
        Assert.Contains(slug, listed);
        Assert.Equal("unknown", listed[^1]);

        // The dashboard's type filter offers it.
        await using var browser = await ChromiumBrowser.LaunchAsync(new Uri(baseUrl, "/api/dashboard#key=" + readKey), "");
        await using var tab = await DevToolsPage.AttachAsync(browser, "/api/dashboard", TimeSpan.FromSeconds(30));
        await tab.WaitForAsync("document.body.dataset.ready === '/'", "the overview");
        await tab.EvaluateAsync("location.hash = '#/issues?days=7'");
        await tab.WaitForAsync("document.body.dataset.ready === '/issues' && !!document.getElementById('filter-type')", "the issue list");
        var options = await tab.EvaluateAsync("[...document.querySelectorAll('#filter-type option')].map(o => o.value)");
        Assert.Contains(slug, options.EnumerateArray().Select(o => o.GetString()));
        Assert.Contains("csp-violation", options.EnumerateArray().Select(o => o.GetString()));
        await app.StopAsync();
    }
}
