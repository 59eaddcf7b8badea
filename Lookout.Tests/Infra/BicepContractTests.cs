using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lookout.Functions;
using Lookout.Functions.Hosting;
using Lookout.Functions.Normalize;
using Microsoft.Extensions.Logging;

namespace Lookout.Tests.Infra;

/// <summary>
/// What ties infra/main.bicep to the code, read from the compiled template (<see cref="BicepCli"/>): the settings
/// the options class reads, the queue and table names, parameter defaults that are the code's defaults and the
/// azd variables that set them, the routes in outputs and sign-in exclusions, the alert's log query. How the
/// Bicep is written is the linter's business (<see cref="BicepBuildTests"/>), not this class's.
/// </summary>
public class BicepContractTests
{
    private static readonly LookoutOptions Defaults = new();

    /// <summary>The function app's app settings in the compiled template (AlertsBicepTests reads them too).</summary>
    internal static async Task<JsonElement> AppSettingsAsync() =>
        (await BicepCli.Template).Resources("Microsoft.Web/sites/config")
            .Single(r => r.GetProperty("name").GetString()!.Contains("'appsettings'", StringComparison.Ordinal))
            .GetProperty("properties");

    internal static JsonElement Parameters => InfraFiles.Json("infra/main.parameters.json").RootElement.GetProperty("parameters");

    /// <summary>The <c>Lookout__*</c> settings the options classes read, nested ones flattened (an options array as entry 0).</summary>
    private static IEnumerable<string> Options() =>
        SettingsCheck.Settings(new LookoutOptions(), LookoutOptions.Section).Select(s => SettingsCheck.EnvironmentName(s.Key));

    /// <summary>A setting as documented: any entry of an options array as entry 0 (<c>…Targets__2__Url</c> → <c>…Targets__0__Url</c>).</summary>
    private static string Documented(string name) => Regex.Replace(name, @"__\d+__", "__0__");

    [Fact]
    public async Task Every_setting_bicep_sets_is_one_the_code_reads()
    {
        var settings = await AppSettingsAsync();
        var set = settings.EnumerateObject().Select(p => p.Name).Where(n => n.StartsWith("Lookout__", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(set);
        var read = Options().ToHashSet();
        Assert.All(set, name => Assert.Contains(Documented(name), read));
    }

    [Fact]
    public async Task Every_setting_the_code_reads_is_set_by_bicep_or_documented_as_optional()
    {
        var settings = await AppSettingsAsync();
        var docs = InfraFiles.Read("docs/configuration.md");
        foreach (var name in Options())
        {
            var documentedOptional = Regex.IsMatch(docs, @"^\|\s*`" + name + @"`.*\|\s*optional\s*\|", RegexOptions.Multiline);
            Assert.True(settings.TryGetProperty(name, out _) || documentedOptional,
                $"{name} is neither set in main.bicep nor documented as optional in docs/configuration.md");
        }
    }

    [Fact]
    public async Task Bicep_creates_the_queues_and_tables_the_code_uses_and_tells_the_app_their_names()
    {
        var template = await BicepCli.Template;
        var variables = template.GetProperty("variables");
        string Variable(string name) => variables.GetProperty(name).GetString()!;
        string[] Created(string type) => [.. template.Resources(type)
            .Select(r => Regex.Match(r.GetProperty("name").GetString()!, @"variables\('(\w+)'\)\)\]$").Groups[1].Value)
            .Select(Variable)];

        Assert.Equal(new[] { QueueNames.Raw, QueueNames.PoisonOf(QueueNames.Raw), QueueNames.Alerts, QueueNames.PoisonOf(QueueNames.Alerts) }.Order(),
            Created("Microsoft.Storage/storageAccounts/queueServices/queues").Order());
        Assert.Equal(new[] { Defaults.IssuesTableName, Defaults.TableName, Defaults.TriageTableName, Defaults.AlertsTableName }.Order(),
            Created("Microsoft.Storage/storageAccounts/tableServices/tables").Order());
        var settings = await AppSettingsAsync();
        Assert.Equal("[variables('rawQueueName')]", settings.GetProperty("Lookout__QueueName").GetString());
        Assert.Equal("[variables('reportsTableName')]", settings.GetProperty("Lookout__TableName").GetString());
        Assert.Equal("[variables('issuesTableName')]", settings.GetProperty("Lookout__IssuesTableName").GetString());
    }

    [Theory]
    [InlineData("maxRowsPerIssuePerDay", nameof(LookoutOptions.MaxRowsPerIssuePerDay), "LOOKOUT_MAX_ROWS_PER_ISSUE_PER_DAY")]
    [InlineData("noiseRules", nameof(LookoutOptions.NoiseRules), "LOOKOUT_NOISE_RULES")]
    [InlineData("dropNoise", nameof(LookoutOptions.DropNoise), "LOOKOUT_DROP_NOISE")]
    [InlineData("sites", nameof(LookoutOptions.Sites), "LOOKOUT_SITES")]
    [InlineData("maxIssuesPerDelivery", nameof(LookoutOptions.MaxIssuesPerDelivery), "LOOKOUT_MAX_ISSUES_PER_DELIVERY")]
    [InlineData("digestShards", nameof(LookoutOptions.DigestShards), "LOOKOUT_DIGEST_SHARDS")]
    [InlineData("ingestPutsPerSecond", nameof(LookoutOptions.IngestPutsPerSecond), "LOOKOUT_INGEST_PUTS_PER_SECOND")]
    [InlineData("scrub", nameof(LookoutOptions.Scrub), "LOOKOUT_SCRUB")]
    [InlineData("retentionDays", nameof(LookoutOptions.RetentionDays), "LOOKOUT_RETENTION_DAYS")]
    [InlineData("allowedOrigins", nameof(LookoutOptions.AllowedOrigins), "LOOKOUT_ALLOWED_ORIGINS")]
    [InlineData("maxBodyBytes", nameof(LookoutOptions.MaxBodyBytes), "LOOKOUT_MAX_BODY_BYTES")]
    public async Task A_setting_from_a_parameter_defaults_to_the_code_default_and_azd_can_set_it(string param, string option, string azdVariable)
    {
        var template = await BicepCli.Template;
        var codeDefault = typeof(LookoutOptions).GetProperty(option)!.GetValue(Defaults)!;
        var declared = template.GetProperty("parameters").GetProperty(param);
        var bicepDefault = declared.GetProperty("defaultValue");
        var expected = codeDefault switch
        {
            bool b => b ? "true" : "false",
            Enum e => e.ToString().ToLowerInvariant(),
            _ => Convert.ToString(codeDefault, System.Globalization.CultureInfo.InvariantCulture),
        };
        Assert.Equal(expected, bicepDefault.ValueKind switch
        {
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => bicepDefault.ToString(),
        });
        // The app setting is made of that parameter.
        var setting = (await AppSettingsAsync()).GetProperty("Lookout__" + option).GetString()!;
        Assert.True(setting.Contains($"parameters('{param}')", StringComparison.Ordinal)
            || setting.Contains("variables('allowedOriginList')", StringComparison.Ordinal) && param == "allowedOrigins",
            $"Lookout__{option} = {setting} does not come from parameter {param}");
        // azd maps an environment variable to it, with the same default.
        var mapped = Parameters.GetProperty(param).GetProperty("value").GetString()!;
        Assert.Equal("${" + azdVariable + "=" + expected + "}", mapped);
    }

    [Fact]
    public async Task Every_instance_signs_page_tokens_with_one_secret_that_is_not_in_the_repository()
    {
        // Flex Consumption scales out: a page token issued by one instance must read on the next.
        var declared = (await BicepCli.Template).GetProperty("parameters").GetProperty("pageTokenSecret");
        Assert.Equal("securestring", declared.GetProperty("type").GetString());
        Assert.Equal("[newGuid()]", declared.GetProperty("defaultValue").GetString());
        Assert.Equal("[parameters('pageTokenSecret')]", (await AppSettingsAsync()).GetProperty("Lookout__" + nameof(LookoutOptions.PageTokenSecret)).GetString());
        Assert.False(Parameters.TryGetProperty("pageTokenSecret", out _));
    }

    [Fact]
    public async Task Platform_cors_and_the_app_get_the_same_origin_list()
    {
        var template = await BicepCli.Template;
        var site = template.Resources("Microsoft.Web/sites").Single();
        Assert.Equal("[variables('allowedOriginList')]", site.GetProperty("properties").GetProperty("siteConfig").GetProperty("cors").GetProperty("allowedOrigins").GetString());
        Assert.Equal("[join(variables('allowedOriginList'), ',')]", (await AppSettingsAsync()).GetProperty("Lookout__AllowedOrigins").GetString());
    }

    [Fact]
    public async Task Parameters_file_sets_only_declared_parameters_and_every_one_without_a_default()
    {
        var declared = (await BicepCli.Template).GetProperty("parameters");
        var set = Parameters.EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.All(set, name => Assert.True(declared.TryGetProperty(name, out _), $"main.parameters.json sets undeclared param {name}"));
        foreach (var param in declared.EnumerateObject().Where(p => !p.Value.TryGetProperty("defaultValue", out _)))
            Assert.Contains(param.Name, set);
    }

    [Fact]
    public async Task Outputs_name_the_routes_the_app_serves()
    {
        var outputs = (await BicepCli.Template).GetProperty("outputs");
        string Url(string name) => outputs.GetProperty(name).GetProperty("value").GetString()!;
        Assert.Contains($"'https://{{0}}/{Routes.Prefix}/{Routes.Reports}'", Url("LOOKOUT_REPORT_URL"), StringComparison.Ordinal);
        Assert.Contains($"'https://{{0}}/{Routes.Prefix}/{Routes.Dashboard}'", Url("LOOKOUT_DASHBOARD_URL"), StringComparison.Ordinal);
        foreach (var header in new[] { "LOOKOUT_HEADER_REPORTING_ENDPOINTS", "LOOKOUT_HEADER_CSP", "LOOKOUT_HEADER_REPORT_TO", "LOOKOUT_HEADER_NEL" })
            Assert.True(outputs.TryGetProperty(header, out _), header);
    }

    [Fact]
    public async Task Dashboard_sign_in_leaves_exactly_the_anonymous_ingest_and_health_routes_open()
    {
        var auth = (await BicepCli.Template).Resources("Microsoft.Web/sites/config")
            .Single(r => r.GetProperty("name").GetString()!.Contains("'authsettingsV2'", StringComparison.Ordinal));
        Assert.Equal("[variables('dashboardSignIn')]", auth.GetProperty("condition").GetString());
        var excluded = auth.GetProperty("properties").GetProperty("globalValidation").GetProperty("excludedPaths")
            .EnumerateArray().Select(p => p.GetString()).Order();
        Assert.Equal(new[] { $"/{Routes.Prefix}/{Routes.Health}", $"/{Routes.Prefix}/{Routes.Reports}" }.Order(), excluded);
        Assert.Equal("${LOOKOUT_DASHBOARD_ENTRA_CLIENT_ID=}", Parameters.GetProperty("dashboardEntraClientId").GetProperty("value").GetString());
    }

    [Fact]
    public async Task The_new_issue_alert_queries_the_event_the_code_logs()
    {
        var template = await BicepCli.Template;
        var rule = template.Resources("Microsoft.Insights/scheduledQueryRules").Single();
        Assert.Equal("[variables('alertOnNewIssues')]", rule.GetProperty("condition").GetString());
        var query = rule.GetProperty("properties").GetProperty("criteria").GetProperty("allOf")[0].GetProperty("query").GetString()!;
        var prefix = Regex.Match(query, "startswith \"([^\"]+)\"").Groups[1].Value;
        var events = typeof(NewIssueAlerts).GetMethods(BindingFlags.NonPublic | BindingFlags.Instance)
            .Select(m => m.GetCustomAttribute<LoggerMessageAttribute>()).Where(a => a is not null).ToList();
        Assert.NotEmpty(prefix);
        // Both the event and the throttle's summary start with the prefix, so one rule alerts on either.
        Assert.StartsWith(prefix, events.Single(a => a!.EventName == "NewIssue")!.Message, StringComparison.Ordinal);
        Assert.StartsWith(prefix, events.Single(a => a!.EventName == "NewIssueSummary")!.Message, StringComparison.Ordinal);
        Assert.Equal("${LOOKOUT_NEW_ISSUE_EMAIL=}", Parameters.GetProperty("newIssueAlertEmail").GetProperty("value").GetString());
    }

    [Fact]
    public async Task Azure_yaml_deploys_the_function_project_to_the_resource_azd_tags()
    {
        var site = (await BicepCli.Template).Resources("Microsoft.Web/sites").Single();
        var tag = Regex.Match(site.GetProperty("tags").GetString()!, @"createObject\('azd-service-name', '([^']+)'\)").Groups[1].Value;
        var yaml = InfraFiles.Read("azure.yaml");
        Assert.Matches(@"(?m)^  " + Regex.Escape(tag) + @":\s*$", yaml);
        Assert.Matches(@"(?m)^\s+project:\s*\./Lookout\.Functions\s*$", yaml);
        Assert.Matches(@"(?m)^\s+host:\s*function\s*$", yaml);
    }
    [Fact]
    public async Task Http_concurrency_per_instance_is_set_only_when_the_parameter_asks()
    {
        var template = await BicepCli.Template;
        var declared = template.GetProperty("parameters").GetProperty("httpPerInstanceConcurrency");
        Assert.Equal(0, declared.GetProperty("defaultValue").GetInt32()); // 0: the platform's per-size default
        var scale = template.Resources("Microsoft.Web/sites").Single().GetProperty("properties")
            .GetProperty("functionAppConfig").GetProperty("scaleAndConcurrency").GetString()!;
        // One expression: the base settings, plus triggers.http.perInstanceConcurrency from the parameter when it is above 0.
        Assert.Contains("greater(parameters('httpPerInstanceConcurrency'), 0)", scale, StringComparison.Ordinal);
        Assert.Contains("createObject('perInstanceConcurrency', parameters('httpPerInstanceConcurrency'))", scale, StringComparison.Ordinal);
        Assert.Contains("parameters('maximumInstanceCount')", scale, StringComparison.Ordinal);
    }
}
