using System.Text.RegularExpressions;

namespace Lookout.Tests.Infra;

/// <summary>
/// Text-level contract of infra/main.bicep, main.parameters.json and azure.yaml (no Bicep CLI here):
/// the isolated-worker Flex Consumption shape, keyless access, least-privilege roles, and the names
/// the code relies on.
/// </summary>
public class BicepContractTests
{
    private static string Bicep => InfraFiles.Read("infra/main.bicep");

    /// <summary>main.bicep without comment lines, so that notes naming a setting don't count as setting it.</summary>
    private static string BicepCode => string.Join('\n', Bicep.Split('\n').Where(l => !l.TrimStart().StartsWith("//", StringComparison.Ordinal)));

    /// <summary>The object literal of a resource's body, from its declaration to the closing brace at column 0.</summary>
    private static string Resource(string symbol)
    {
        var m = Regex.Match(Bicep, @"^resource\s+" + symbol + @"\s+'[^']+'\s*=[^\n]*\n(.*?)^\}", RegexOptions.Multiline | RegexOptions.Singleline);
        Assert.True(m.Success, $"resource {symbol} not found in main.bicep");
        return m.Groups[1].Value;
    }

    private static string AppSettings => Resource("appSettings");

    [Fact]
    public void Every_option_is_set_by_bicep_or_documented_as_optional()
    {
        var bicep = BicepCode;
        var docs = InfraFiles.Read("docs/configuration.md");
        var options = InfraFiles.CurrentOptions().ToList();
        Assert.Contains("QueueName", options);
        foreach (var name in options)
        {
            var inBicep = Regex.IsMatch(bicep, @"^\s*'?Lookout__" + name + @"'?\s*:", RegexOptions.Multiline);
            var documentedOptional = Regex.IsMatch(docs, @"^\|\s*`Lookout__" + name + @"`.*\|\s*optional\s*\|", RegexOptions.Multiline);
            Assert.True(inBicep || documentedOptional, $"Lookout__{name} is neither set in main.bicep nor documented as optional in docs/configuration.md");
            Assert.Contains("`Lookout__" + name + "`", docs);
        }
    }

    [Theory]
    [InlineData("StandalonePoller")]
    [InlineData("PoisonQueueName")]
    public void Retired_settings_are_neither_set_nor_documented_as_current(string name)
    {
        Assert.DoesNotMatch(@"(?m)^\s*'?Lookout__" + name + @"'?\s*:", BicepCode);
        // configuration.md may mention them as gone, but not as a row of a settings table.
        Assert.DoesNotMatch(@"(?m)^\|\s*`Lookout__" + name + "`", InfraFiles.Read("docs/configuration.md"));
    }

    [Fact]
    public void Bicep_creates_the_queue_and_table_the_code_uses()
    {
        var defaults = new Lookout.Functions.LookoutOptions();
        Assert.Equal(Lookout.Functions.QueueNames.Raw, BicepVariable("rawQueueName"));
        Assert.Equal(defaults.QueueName, BicepVariable("rawQueueName"));
        Assert.Equal(defaults.TableName, BicepVariable("reportsTableName"));
        Assert.Equal(defaults.IssuesTableName, BicepVariable("issuesTableName"));
        Assert.Matches(@"name:\s*rawQueueName", Bicep);
        Assert.Matches(@"name:\s*reportsTableName", Bicep);
        Assert.Matches(@"name:\s*issuesTableName", Resource("issuesTable"));
        Assert.Matches(@"Lookout__IssuesTableName:\s*issuesTableName", AppSettings);
        Assert.Matches(@"Lookout__MaxRowsPerIssuePerDay:\s*string\(maxRowsPerIssuePerDay\)", AppSettings);
        Assert.Matches(@"param maxRowsPerIssuePerDay int = " + defaults.MaxRowsPerIssuePerDay + @"\b", Bicep);
    }

    [Theory]
    [InlineData("noiseRules", "string", "''", "Lookout__NoiseRules:\\s*noiseRules\\b", "${LOOKOUT_NOISE_RULES=}")]
    [InlineData("dropNoise", "bool", "false", "Lookout__DropNoise:\\s*string\\(dropNoise\\)", "${LOOKOUT_DROP_NOISE=false}")]
    [InlineData("scrub", "string", "'secrets'", "Lookout__Scrub:\\s*scrub\\b", "${LOOKOUT_SCRUB=secrets}")]
    [InlineData("retentionDays", "int", "30", "Lookout__RetentionDays:\\s*string\\(retentionDays\\)", "${LOOKOUT_RETENTION_DAYS=30}")]
    public void Triage_settings_come_from_parameters_that_azd_maps(string param, string type, string defaultValue, string appSetting, string azd)
    {
        Assert.Matches($@"(?m)^param\s+{param}\s+{type}\s*=\s*{Regex.Escape(defaultValue)}\s*$", Bicep);
        Assert.Matches(appSetting, AppSettings);
        Assert.Equal(azd, InfraFiles.Json("infra/main.parameters.json").RootElement.GetProperty("parameters")
            .GetProperty(param).GetProperty("value").GetString());
    }

    [Fact]
    public void Triage_parameter_defaults_are_the_code_defaults()
    {
        var defaults = new Lookout.Functions.LookoutOptions();
        Assert.Matches(@"param retentionDays int = " + defaults.RetentionDays + @"\b", Bicep);
        Assert.Matches(@"param scrub string = '" + defaults.Scrub.ToString().ToLowerInvariant() + "'", Bicep);
        Assert.Matches(@"param dropNoise bool = " + (defaults.DropNoise ? "true" : "false") + @"\b", Bicep);
        Assert.Equal("", defaults.NoiseRules);
    }

    [Fact]
    public void New_issue_alert_e_mails_the_parameter_and_exists_only_when_it_is_set()
    {
        Assert.Matches(@"param newIssueAlertEmail string = ''", Bicep);
        Assert.Matches(@"var alertOnNewIssues = !empty\(newIssueAlertEmail\)", Bicep);
        Assert.Matches(@"(?m)^resource newIssueActionGroup 'Microsoft\.Insights/actionGroups@[0-9-]+' = if \(alertOnNewIssues\)", Bicep);
        Assert.Matches(@"(?m)^resource newIssueAlert 'Microsoft\.Insights/scheduledQueryRules@2021-08-01' = if \(alertOnNewIssues\)", Bicep);
        var group = Resource("newIssueActionGroup");
        Assert.Matches(@"emailAddress:\s*newIssueAlertEmail", group);
        Assert.Matches(@"groupShortName:\s*'[^']{1,12}'", group);
        var rule = Resource("newIssueAlert");
        Assert.Matches(@"kind:\s*'LogAlert'", rule);
        Assert.Matches(@"appInsights\.id", rule);
        Assert.Matches(@"newIssueActionGroup\.id", rule);
        // The query matches the message the code logs (IssueWriter's NewIssue event).
        var query = Regex.Match(rule, @"query:\s*'([^']*)'").Groups[1].Value;
        Assert.Contains("startswith \"NewIssue \"", query);
        var source = InfraFiles.Read("Lookout.Functions/Normalize/IssueWriter.cs");
        Assert.Matches(@"EventName = ""NewIssue""[^\n]*\n[^\n]*Message = ""NewIssue ", source);
        var parameters = InfraFiles.Read("infra/main.parameters.json");
        Assert.Contains("\"newIssueAlertEmail\"", parameters);
        Assert.Contains("${LOOKOUT_NEW_ISSUE_EMAIL=}", parameters);
    }

    [Fact]
    public void Bicep_creates_the_poison_queue_the_host_uses()
    {
        // The queue trigger moves a message to "<queue>-poison" after host.json queues.maxDequeueCount attempts.
        Assert.Equal(Lookout.Functions.QueueNames.PoisonOf(BicepVariable("rawQueueName")), BicepVariable("poisonQueueName"));
        Assert.Matches(@"name:\s*poisonQueueName", Bicep);
    }

    private static string BicepVariable(string variable)
    {
        var m = Regex.Match(Bicep, @"^var\s+" + variable + @"\s*=\s*'([^']*)'", RegexOptions.Multiline);
        Assert.True(m.Success, variable);
        return m.Groups[1].Value;
    }

    [Fact]
    public void Plan_is_flex_consumption()
    {
        var plan = Resource("plan");
        Assert.Matches(@"name:\s*'FC1'", plan);
        Assert.Matches(@"tier:\s*'FlexConsumption'", plan);
        Assert.Matches(@"reserved:\s*true", plan);
        Assert.Matches(@"serverFarmId:\s*plan\.id", Resource("functionApp"));
    }

    [Fact]
    public void Runtime_is_dotnet_isolated_10_with_no_custom_handler_left()
    {
        var app = Resource("functionApp");
        var runtime = Regex.Match(app, @"runtime:\s*(\{[^}]*\}|\w+)");
        Assert.True(runtime.Success, "functionAppConfig.runtime missing");
        var body = runtime.Groups[1].Value;
        if (!body.StartsWith('{'))
        {
            var v = Regex.Match(Bicep, @"^var\s+" + body + @"\s*=\s*(\{[^}]*\})", RegexOptions.Multiline);
            Assert.True(v.Success, $"var {body} not found");
            body = v.Groups[1].Value;
        }
        Assert.Matches(@"name:\s*'dotnet-isolated'", body);
        Assert.Matches(@"version:\s*'10\.0'", body);

        var code = BicepCode;
        Assert.DoesNotContain("'custom'", code);
        Assert.DoesNotContain("customRuntimeVersion", code);
        Assert.DoesNotMatch(@"(?i)\bAOT\b|Native AOT|customHandler|function\.json", Bicep);
    }

    [Fact]
    public void Storage_and_host_connection_are_keyless()
    {
        var storage = Resource("storage");
        Assert.Matches(@"allowSharedKeyAccess:\s*false", storage);
        Assert.Matches(@"minimumTlsVersion:\s*'TLS1_2'", storage);
        Assert.Matches(@"allowBlobPublicAccess:\s*false", storage);
        Assert.Matches(@"supportsHttpsTrafficOnly:\s*true", storage);

        var settings = AppSettings;
        Assert.Matches(@"AzureWebJobsStorage__accountName:\s*storage\.name", settings);
        Assert.Matches(@"AzureWebJobsStorage__credential:\s*'managedidentity'", settings);
        foreach (var service in new[] { "blob", "queue", "table" })
            Assert.Matches(@"AzureWebJobsStorage__" + service + @"ServiceUri:\s*storage\.properties\.primaryEndpoints\." + service, settings);
        Assert.Matches(@"Lookout__CreateResources:\s*'false'", settings);

        var code = BicepCode;
        Assert.DoesNotMatch(@"(?m)^\s*'?AzureWebJobsStorage'?\s*:", code);
        Assert.DoesNotContain("listKeys", code);
        Assert.DoesNotContain("AccountKey", code);
        Assert.DoesNotContain("InstrumentationKey", code);
        Assert.DoesNotContain("APPINSIGHTS_INSTRUMENTATIONKEY", code);

        // Flex pulls the package from the deployment container with the app's identity.
        Assert.Matches(@"authentication:\s*\{\s*type:\s*'SystemAssignedIdentity'", Resource("functionApp"));
        Assert.Matches(@"type:\s*'SystemAssigned'", Resource("functionApp"));
    }

    [Fact]
    public void Application_insights_accepts_entra_id_only()
    {
        Assert.Matches(@"DisableLocalAuth:\s*true", Resource("appInsights"));
        var settings = AppSettings;
        Assert.Matches(@"APPLICATIONINSIGHTS_CONNECTION_STRING:\s*appInsights\.properties\.ConnectionString", settings);
        Assert.Matches(@"APPLICATIONINSIGHTS_AUTHENTICATION_STRING:\s*'Authorization=AAD'", settings);
    }

    [Theory]
    [InlineData("blobOwner", "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "storage")]           // Storage Blob Data Owner: host leases/keys, deployment container
    [InlineData("queueContributor", "974c5e8b-45b9-4653-ba55-5f855dd0fb88", "storage")]    // Storage Queue Data Contributor: trigger, poison moves, Ingest's enqueue
    [InlineData("tableContributor", "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", "storage")]    // Storage Table Data Contributor: report rows
    [InlineData("metricsPublisher", "3913510d-42f4-4e42-8a64-420c390055eb", "appInsights")] // Monitoring Metrics Publisher: Entra telemetry ingestion
    public void App_identity_gets_exactly_the_data_roles_it_needs(string symbol, string roleId, string scope)
    {
        Assert.Contains($"'{roleId}'", Bicep);
        var assignment = Resource(symbol);
        Assert.Matches(@"scope:\s*" + scope + @"\s*\n", assignment);
        Assert.Matches(@"principalId:\s*functionApp\.identity\.principalId", assignment);
        Assert.Matches(@"principalType:\s*'ServicePrincipal'", assignment);
        Assert.Matches(@"roleDefinitionId:\s*subscriptionResourceId\('Microsoft\.Authorization/roleDefinitions',\s*\w+RoleId\)", assignment);
    }

    [Theory]
    [InlineData("8e3af657-a8ff-443c-a75c-2fe8c4bcb635")] // Owner
    [InlineData("b24988ac-6180-42a0-ab88-20f7382dd24c")] // Contributor
    [InlineData("17d1049b-9a84-46fb-8f53-869881c3d3ab")] // Storage Account Contributor (could list keys)
    [InlineData("81a9662b-bebf-436f-a333-f67b29880f12")] // Storage Account Key Operator Service Role
    public void No_broad_role_is_assigned(string roleId) => Assert.DoesNotContain(roleId, Bicep);

    [Fact]
    public void Parameters_file_matches_declared_params()
    {
        var b = Bicep;
        var declared = Regex.Matches(b, @"^param\s+(\w+)\s+\w+(\s*=)?", RegexOptions.Multiline)
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Success);
        Assert.NotEmpty(declared);
        var set = InfraFiles.Json("infra/main.parameters.json").RootElement.GetProperty("parameters")
            .EnumerateObject().Select(p => p.Name).ToList();
        foreach (var name in set)
            Assert.True(declared.ContainsKey(name), $"main.parameters.json sets undeclared param {name}");
        foreach (var (name, hasDefault) in declared)
            if (!hasDefault)
                Assert.Contains(name, set);
    }

    [Fact]
    public void Allowed_origins_come_from_one_parameter_that_azd_maps()
    {
        var b = Bicep;
        Assert.Matches(@"(?m)^param\s+allowedOrigins\s+string\s*=\s*'\*'", b);
        // Flex answers preflights itself from siteConfig.cors; the app gets the same list.
        Assert.Matches(@"cors:\s*\{\s*allowedOrigins:\s*allowedOriginList", Resource("functionApp"));
        Assert.Matches(@"Lookout__AllowedOrigins:\s*join\(allowedOriginList,\s*','\)", AppSettings);
        var value = InfraFiles.Json("infra/main.parameters.json").RootElement.GetProperty("parameters")
            .GetProperty("allowedOrigins").GetProperty("value").GetString();
        Assert.Equal("${LOOKOUT_ALLOWED_ORIGINS=*}", value);
    }

    [Theory]
    [InlineData("FUNCTIONS_WORKER_RUNTIME")]
    [InlineData("FUNCTIONS_WORKER_RUNTIME_VERSION")]
    [InlineData("FUNCTIONS_EXTENSION_VERSION")]
    [InlineData("WEBSITE_RUN_FROM_PACKAGE")]
    [InlineData("WEBSITE_CONTENTSHARE")]
    [InlineData("WEBSITE_CONTENTAZUREFILECONNECTIONSTRING")]
    [InlineData("WEBSITE_NODE_DEFAULT_VERSION")]
    [InlineData("FUNCTIONS_MAX_HTTP_CONCURRENCY")]
    [InlineData("FUNCTIONS_WORKER_PROCESS_COUNT")]
    [InlineData("SCM_DO_BUILD_DURING_DEPLOYMENT")]
    [InlineData("ENABLE_ORYX_BUILD")]
    [InlineData("WEBSITE_TIME_ZONE")]
    [InlineData("linuxFxVersion")]
    [InlineData("netFrameworkVersion")]
    public void Bicep_sets_no_setting_that_flex_consumption_deprecates(string name)
    {
        // Only comment lines may name them (functions-app-settings, "Flex Consumption plan deprecations").
        Assert.DoesNotContain(name, BicepCode, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Outputs_give_the_report_url_and_ready_headers()
    {
        var b = Bicep;
        // routePrefix "api" + Ingest's route "reports".
        Assert.Matches(@"var\s+reportUrl\s*=\s*'https://\$\{functionApp\.properties\.defaultHostName\}/api/reports'", b);
        foreach (var output in new[] { "LOOKOUT_REPORT_URL", "LOOKOUT_HEADER_REPORTING_ENDPOINTS", "LOOKOUT_HEADER_CSP", "LOOKOUT_HEADER_REPORT_TO", "LOOKOUT_HEADER_NEL", "AZURE_FUNCTION_APP_NAME", "AZURE_STORAGE_ACCOUNT_NAME" })
            Assert.Matches(@"(?m)^output\s+" + output + @"\s+string\s*=", b);
    }

    [Fact]
    public void Azure_yaml_has_no_dist_for_the_dotnet_service()
    {
        // For language dotnet azd joins `dist` below its own `dotnet publish --output <temp>` folder.
        var yaml = InfraFiles.Read("azure.yaml");
        Assert.Matches(@"(?m)^\s+language:\s*dotnet\s*$", yaml);
        Assert.Matches(@"(?m)^\s+project:\s*\./Lookout\.Functions\s*$", yaml);
        Assert.DoesNotMatch(@"(?m)^\s+dist:", yaml);
    }

    [Fact]
    public void Azure_yaml_service_matches_the_azd_service_tag()
    {
        var tag = Regex.Match(Bicep, @"'azd-service-name':\s*'([^']+)'");
        Assert.True(tag.Success, "azd-service-name tag missing");
        var yaml = InfraFiles.Read("azure.yaml");
        var services = Regex.Matches(yaml, @"^services:\s*\n((?:[ \t]+.*\n?|\s*\n)*)", RegexOptions.Multiline);
        var service = Regex.Match(services[0].Groups[1].Value, @"^  (\w[\w-]*):", RegexOptions.Multiline);
        Assert.Equal(tag.Groups[1].Value, service.Groups[1].Value);
        Assert.Matches(@"(?m)^\s+host:\s*function\s*$", yaml);
    }
}
