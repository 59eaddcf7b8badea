using System.Net;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Lookout.Tests.Pipeline.Harness;
using Lookout.Tests.Support;

namespace Lookout.Tests.Scripts;

/// <summary>
/// <c>scripts/show-reports.mjs</c> as a user runs it against a running <c>./run-local.sh</c>: rows that
/// went through the real pipeline, selected by time window, type and site, as text and as JSON; and
/// the node unit tests of the scripts (<c>scripts/test</c>).
/// </summary>
[Trait("Category", "Scripts")]
[Collection(RunLocalCollection.Name)]
public sealed class ShowReportsTests(LocalRunsFixture runs)
{
    private static async Task<(int ExitCode, string Output)> NodeAsync(IEnumerable<string> arguments, IDictionary<string, string?>? environment = null)
    {
        await using var node = ChildProcess.Start("node", arguments, environment, RepoPaths.Root, ownGroup: true);
        var code = await node.WaitForExitAsync(TimeSpan.FromSeconds(90));
        return (code, node.Output);
    }

    private static Task<(int ExitCode, string Output)> ShowAsync(params string[] arguments) =>
        NodeAsync(new[] { Path.Combine(RepoPaths.Root, "scripts", "show-reports.mjs") }.Concat(arguments));

    private async Task<string> PostTwoReportsAsync()
    {
        var site = "s" + Guid.NewGuid().ToString("N")[..10];
        using var http = new HttpClient();
        var url = new Uri($"{runs.Http.ReportUrl}?site={site}");
        foreach (var (type, body) in new[]
                 {
                     ("application/csp-report", """{"csp-report":{"document-uri":"https://example.com/","blocked-uri":"https://evil.example/x.js","violated-directive":"script-src"}}"""),
                     ("application/reports+json", """[{"type":"deprecation","age":0,"url":"https://example.com/d","user_agent":"t","body":{"id":"x","message":"old"}}]"""),
                 })
        {
            using var content = new StringContent(body, Encoding.UTF8);
            content.Headers.ContentType = new(type);
            Assert.Equal(HttpStatusCode.NoContent, (await http.PostAsync(url, content)).StatusCode);
        }
        await runs.Http.Table.WaitForAsync(2, ReportTable.SiteIs(site), TimeSpan.FromSeconds(30));
        return site;
    }

    [Fact]
    public async Task Json_output_has_the_window_of_the_local_run_newest_first()
    {
        var site = await PostTwoReportsAsync();
        var (code, output) = await ShowAsync("--state-dir", runs.Http.StateDir, "--site", site, "--since", "10m", "--json");
        Assert.True(code == 0, output);
        using var json = JsonDocument.Parse(output);
        var rows = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal(["deprecation", "csp-violation"], rows.Select(r => r.GetProperty("Type").GetString()));
        Assert.All(rows, r => Assert.Equal(site, r.GetProperty("Site").GetString()));
        Assert.Contains("\"document-uri\"", rows[1].GetProperty("Raw").GetString());

        (code, output) = await ShowAsync("--state-dir", runs.Http.StateDir, "--site", site, "--type", "csp-violation", "--json");
        Assert.True(code == 0, output);
        using var one = JsonDocument.Parse(output);
        Assert.Equal("csp-violation", Assert.Single(one.RootElement.EnumerateArray().ToList()).GetProperty("Type").GetString());

        // A window that ended before the reports were sent holds none of them.
        (code, output) = await ShowAsync("--state-dir", runs.Http.StateDir, "--site", site, "--since", "2h", "--until", "1h", "--json");
        Assert.True(code == 0, output);
        Assert.Equal("[]", output.Trim());
    }

    [Fact]
    public async Task Text_output_shows_key_fields_and_a_closing_count()
    {
        var site = await PostTwoReportsAsync();
        var (code, output) = await ShowAsync("--state-dir", runs.Http.StateDir, "--site", site, "--limit", "1");
        Assert.True(code == 0, output);
        var lines = output.TrimEnd().Split('\n');
        Assert.Matches(@"^\d{4}-\d\d-\d\dT[\d:.]+Z  deprecation  https://example.com/d$", lines[0]);
        Assert.Contains("  Message: old", lines);
        var (_, table) = runs.Http.Storage;
        Assert.Equal($"Table {table} at http://127.0.0.1:{runs.Http.Port.Storage + 2}/devstoreaccount1 ({Path.Combine(runs.Http.StateDir, "storage.json")}).", lines[^2]);
        Assert.Matches($@"^2 row\(s\) from site {site} received .* \(UTC\); showing the newest 1\.$", lines[^1]);
    }

    [Fact]
    public async Task Help_and_mistakes_are_answered_not_taken_as_a_type()
    {
        var (code, output) = await ShowAsync("--help");
        Assert.Equal(0, code);
        Assert.Contains("--since <when>", output);
        Assert.Contains("--account <name>", output);

        (code, output) = await ShowAsync("csp-violation");
        Assert.Equal(2, code);
        Assert.Contains("does not take positional arguments", output);

        (code, output) = await ShowAsync("--since", "yesterday");
        Assert.Equal(2, code);
        Assert.Contains("--since: 'yesterday' is neither a duration", output);
    }

    [Fact]
    public async Task Entra_id_sign_in_failure_says_how_to_sign_in()
    {
        // No developer tool on PATH and developer credentials only (no managed-identity probe off the
        // machine): DefaultAzureCredential has nothing to sign in with.
        var node = Environment.GetEnvironmentVariable("PATH")!.Split(':').Select(d => Path.Combine(d, "node")).First(File.Exists);
        var (code, output) = await NodeAsync([Path.Combine(RepoPaths.Root, "scripts", "show-reports.mjs"), "--table-endpoint", $"https://127.0.0.1:{FreePorts.Next()}/devstoreaccount1"],
            new Dictionary<string, string?> { ["PATH"] = Path.GetDirectoryName(node), ["AZURE_TOKEN_CREDENTIALS"] = "dev", ["HOME"] = Path.GetTempPath() });
        Assert.Equal(1, code);
        Assert.Contains("Entra ID sign-in (DefaultAzureCredential) failed for https://127.0.0.1:", output);
        Assert.Contains("Sign in with 'az login'", output);
    }

    [Fact]
    public async Task Unreachable_local_storage_says_so()
    {
        var (code, output) = await ShowAsync("--connection-string",
            $"DefaultEndpointsProtocol=http;AccountName={AzuriteServer.DevelopmentAccountName};AccountKey={AzuriteServer.DevelopmentAccountKey};TableEndpoint=http://127.0.0.1:{FreePorts.Next()}/devstoreaccount1;");
        Assert.Equal(1, code);
        Assert.Contains("cannot reach the table service at http://127.0.0.1:", output);
        Assert.Contains("ECONNREFUSED", output);
    }

    [Fact]
    public async Task Node_unit_tests_of_the_scripts_pass()
    {
        var (code, output) = await NodeAsync(["--test", Path.Combine(RepoPaths.Root, "scripts", "test")]);
        Assert.True(code == 0, output);
        Assert.Matches(@"# pass [1-9]\d*", output);
        Assert.Contains("# fail 0", output);
    }
}
