using System.Globalization;
using Azure.Data.Tables;
using Lookout.Functions;
using Lookout.Functions.Hosting;
using Lookout.Standalone;
using Lookout.Tests.Pipeline.Harness;
using Lookout.Tests.Scripts;
using Lookout.Tests.Support;

namespace Lookout.Tests.Standalone;

/// <summary>
/// The standalone host as a user starts it (<c>dotnet Lookout.Standalone.dll …</c>, real Azurite): a bad setting
/// ends with one line naming it and the fix, exit code 2 and no stack trace; the start-up summary lists every
/// effective setting and no secret; the one-shot <c>retention</c> command deletes an expired day and says so.
/// </summary>
public class CommandLineTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static async Task<(int Code, string Output)> RunAsync(IDictionary<string, string?> environment, params string[] arguments)
    {
        environment["DOTNET_ENVIRONMENT"] = "Production";
        environment["ASPNETCORE_URLS"] = null;
        await using var process = ChildProcess.Start("dotnet", new[] { LookoutApp.Assembly }.Concat(arguments), environment);
        var code = await process.WaitForExitAsync(Timeout);
        return (code, process.Output);
    }

    [Theory]
    [InlineData("Lookout__NoiseRules", "fonts: flag when directiv = font-src", "Lookout__NoiseRules: rule 1 (\"fonts\"): unknown field 'directiv'")]
    [InlineData("Lookout__MaxBodyBytes", "1MB", "Lookout__MaxBodyBytes is '1MB': set it to a whole number, e.g. 1048576")]
    [InlineData("Lookout__Scrub", "everything", "Lookout__Scrub is 'everything': set it to one of none, secrets, query")]
    [InlineData("Lookout__DropNoise", "yes", "Lookout__DropNoise is 'yes': set it to true or false")]
    [InlineData("Lookout__RetentionDays", "-1", "Lookout__RetentionDays is -1: set it to 0 (keep forever) or a number of days")]
    [InlineData("Lookout__PublicReportUrl", "lookout.example.com/api/reports", "Lookout__PublicReportUrl is 'lookout.example.com/api/reports': set it to the absolute http(s) URL")]
    [InlineData("Lookout__Standalone__ProcessingTimeoutSeconds", "30s", "Lookout__Standalone__ProcessingTimeoutSeconds is '30s': set it to a whole number, e.g. 30")]
    public async Task A_bad_setting_exits_2_with_one_line_that_names_it_and_the_fix(string setting, string value, string message)
    {
        var azurite = await AzuriteServer.Shared;
        var port = FreePorts.Next();
        var (code, output) = await RunAsync(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            [setting] = value,
        }, $"--urls=http://127.0.0.1:{port}");

        Assert.Equal(2, code);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: " + message, line);
        Assert.DoesNotContain(" at ", output);
    }

    [Fact]
    public async Task Without_storage_the_host_and_its_commands_say_which_setting_to_set()
    {
        foreach (var command in new[] { "", RetentionCommand.Name, ReplayPoisonCommand.Name })
        {
            var (code, output) = await RunAsync(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = null },
                command.Length == 0 ? [$"--urls=http://127.0.0.1:{FreePorts.Next()}"] : [command]);
            Assert.Equal(2, code);
            Assert.StartsWith("error: AzureWebJobsStorage is not set: set it to a storage connection string", Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        }
    }

    [Fact]
    public async Task The_start_up_summary_lists_every_effective_setting_and_no_secret()
    {
        var azurite = await AzuriteServer.Shared;
        var readKey = "rk-" + Guid.NewGuid().ToString("N");
        await using var app = await LookoutApp.StartAsync(azurite.ConnectionString, new Dictionary<string, string>
        {
            ["Lookout__ReadKey"] = readKey,
            ["Lookout__RetentionDays"] = "12",
            ["Lookout__NoiseRules"] = "ads: drop when blocked-host ~ *.doubleclick.net; fonts: flag when directive = font-src",
            ["Lookout__Scrub"] = "query",
            ["Lookout__PageTokenSecret"] = "pts-" + readKey,
        });
        await Eventually.MatchAsync(() => Task.FromResult(app.Output), o => o.Contains("next runs at", StringComparison.Ordinal), Timeout, "the timer's schedule");
        var output = app.Output;
        var summary = output[output.IndexOf(SettingsSummary.Heading, StringComparison.Ordinal)..];
        summary = summary[..summary.IndexOf("\n\n", StringComparison.Ordinal)];

        foreach (var (type, section) in new[] { (typeof(LookoutOptions), LookoutOptions.Section), (typeof(StandaloneOptions), StandaloneOptions.Section) })
            foreach (var (key, _, _) in SettingsCheck.Settings(Activator.CreateInstance(type)!, section))
                Assert.Contains("  " + SettingsCheck.EnvironmentName(key) + " ", summary);
        Assert.Matches(@"(?m)^  Lookout__RetentionDays +12  \(12 days kept; Retention runs daily at 03:30 UTC\)$", summary);
        Assert.Matches(@"(?m)^  Lookout__Scrub +query$", summary);
        Assert.Matches(@"(?m)^  Lookout__NoiseRules .*\(2 rule\(s\): ads \(drop\), fonts \(flag\)\)$", summary);
        Assert.Matches(@"(?m)^  Lookout__MaxBodyBytes +1048576  \(default\)$", summary);
        Assert.Matches(@"(?m)^  Lookout__ReadKey +set  \(reads need this key\)$", summary);
        Assert.Matches(@"(?m)^  Lookout__PageTokenSecret +set$", summary);
        Assert.Contains($"queue http://127.0.0.1:{azurite.QueuePort}/", summary);
        // Never a secret: neither the read key nor the storage account key, anywhere in the output.
        Assert.DoesNotContain(readKey, output);
        Assert.DoesNotContain(azurite.AccountKey, output);
        Assert.DoesNotContain("AccountKey", output);
        // The timer says how many days it keeps when it is scheduled.
        Assert.Contains("it keeps 12 days (Lookout__RetentionDays", output);
    }

    [Fact]
    public async Task Retention_command_deletes_an_expired_day_and_says_so()
    {
        var azurite = await AzuriteServer.Shared;
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var reports = new TableClient(azurite.ConnectionString, "reports" + suffix);
        var issues = new TableClient(azurite.ConnectionString, "issues" + suffix);
        await reports.CreateAsync();
        await issues.CreateAsync();
        string Day(int back) => Lookout.Core.Records.UtcDay.Of(DateTimeOffset.UtcNow).AddDays(-back).ToString();
        // One report row and its digest entity 40 days old (expired with 30 days kept), and the same today (kept).
        foreach (var day in new[] { Day(40), Day(0) })
        {
            await reports.AddEntityAsync(new TableEntity("csp-violation_" + day, "0001_row") { ["Type"] = "csp-violation" });
            await issues.AddEntityAsync(new TableEntity(day, "csp-violation_abc") { ["Type"] = "csp-violation", ["Count"] = 1L });
        }

        var (code, output) = await RunAsync(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Lookout__QueueName"] = "raw-" + suffix,
            ["Lookout__TableName"] = "reports" + suffix,
            ["Lookout__IssuesTableName"] = "issues" + suffix,
            ["Lookout__RetentionDays"] = "30",
        }, RetentionCommand.Name);

        Assert.Equal(0, code);
        Assert.Equal($"Deleted 1 report rows, 1 digest entities and 0 alert bookkeeping entities of UTC days before {Day(29)} (Lookout__RetentionDays = 30).", output.Trim());
        Assert.Equal(["csp-violation_" + Day(0)], reports.Query<TableEntity>().Select(e => e.PartitionKey));
        Assert.Equal([Day(0)], issues.Query<TableEntity>().Select(e => e.PartitionKey));
    }
}
