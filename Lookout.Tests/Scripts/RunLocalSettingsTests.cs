using System.Net.Http;
using System.Text.RegularExpressions;
using Lookout.Tests.Browser;

namespace Lookout.Tests.Scripts;

/// <summary>
/// The README's own-site command as written (<c>./run-local.sh --cert … --key …</c>): HTTPS with the user's own
/// certificate; and settings from local.settings.json "Values" as <c>func start</c> reads them (the environment wins),
/// visible in the printed effective settings.
/// </summary>
[Trait("Category", "Scripts")]
[Collection(RunLocalCollection.Name)]
public sealed class RunLocalSettingsTests
{
    [Fact]
    public async Task Own_certificate_and_local_settings_json_reach_lookout_and_the_environment_wins()
    {
        var scratch = LocalRun.NewStateDir();
        using var certificate = TestCertificate.Create();
        var (cert, key) = certificate.WritePem(Path.Combine(scratch, "mine"));
        var settingsFile = Path.Combine(scratch, "local.settings.json");
        await File.WriteAllTextAsync(settingsFile, """
            { "IsEncrypted": false,
              "Values": { "FUNCTIONS_WORKER_RUNTIME": "dotnet-isolated", "AzureWebJobsStorage": "UseDevelopmentStorage=true",
                          "Lookout__RetentionDays": "9", "Lookout__Scrub": "query" } }
            """);
        var ports = LocalRun.Ports.Free();
        var state = Path.Combine(scratch, "state");
        var script = LocalRun.Launch(
            ports.Arguments.Concat(["--state-dir", state, "--cert", cert, "--key", key]),
            new Dictionary<string, string?> { ["LOOKOUT_LOCAL_SETTINGS"] = settingsFile, ["Lookout__Scrub"] = "none" });
        try
        {
            await script.WaitForLineAsync(l => l == "Press Ctrl-C to stop.", LocalRun.StartTimeout, "run-local.sh said Lookout is running");
            var output = script.Output;
            Assert.Contains($"Report URL:  https://127.0.0.1:{ports.HttpsPort}/api/reports", output);
            Assert.Contains($"From {settingsFile}: Lookout__RetentionDays (already set in the environment, so not from the file: Lookout__Scrub)", output);
            Assert.Matches(@"(?m)^  Lookout__RetentionDays +9  \(9 days kept", output);
            Assert.Matches(@"(?m)^  Lookout__Scrub +none$", output);
            // The run's Azurite, never the file's storage setting.
            Assert.Matches($@"(?m)^  AzureWebJobsStorage +queue http://127\.0\.0\.1:{ports.Storage + 1}/", output);
            Assert.DoesNotContain("--ignore-certificate-errors-spki-list=", output);
            Assert.DoesNotContain("Demo site", output);

            // Lookout serves HTTPS with exactly the given certificate.
            string? served = null;
            using var handler = new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = (_, c, _, _) => { served = c?.Thumbprint; return true; },
            };
            using var http = new HttpClient(handler);
            using var health = await http.GetAsync($"https://127.0.0.1:{ports.HttpsPort}/api/health");
            Assert.True(health.IsSuccessStatusCode, $"health: {(int)health.StatusCode}");
            Assert.Equal(certificate.Certificate.Thumbprint, served);
        }
        finally
        {
            await script.DisposeAsync();
            try { Directory.Delete(scratch, recursive: true); } catch (IOException) { }
        }
    }

    [Fact]
    public async Task Cert_without_key_is_refused()
    {
        await using var script = LocalRun.Launch(["--cert", "/nonexistent/cert.pem"]);
        Assert.Equal(1, await script.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("--cert and --key go together", script.Output);
        Assert.DoesNotMatch(new Regex("Building"), script.Output);
    }
}
