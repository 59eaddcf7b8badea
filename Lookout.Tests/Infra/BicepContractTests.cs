using System.Text.RegularExpressions;

namespace Lookout.Tests.Infra;

public class BicepContractTests
{
    private static string Bicep => InfraFiles.Read("infra/main.bicep");

    [Fact]
    public void Every_option_is_set_by_bicep_or_documented_as_optional()
    {
        var bicep = Bicep;
        var docs = InfraFiles.Read("docs/configuration.md");
        var options = InfraFiles.OptionDefaults().Keys.ToList();
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
    [InlineData("rawQueueName", "QueueName")]
    [InlineData("poisonQueueName", "PoisonQueueName")]
    [InlineData("reportsTableName", "TableName")]
    public void Bicep_creates_the_queues_and_table_the_code_uses(string variable, string option)
    {
        var m = Regex.Match(Bicep, @"^var\s+" + variable + @"\s*=\s*'([^']*)'", RegexOptions.Multiline);
        Assert.True(m.Success, variable);
        Assert.Equal(InfraFiles.StringDefault(option), m.Groups[1].Value);
        Assert.Matches(@"name:\s*" + variable, Bicep);
    }

    [Fact]
    public void Bicep_is_flex_consumption_custom_and_keyless()
    {
        var b = Bicep;
        Assert.Matches(@"name:\s*'FC1'", b);
        Assert.Matches(@"tier:\s*'FlexConsumption'", b);
        Assert.Matches(@"runtime:\s*\{\s*name:\s*'custom'", b);
        Assert.Matches(@"allowSharedKeyAccess:\s*false", b);
        Assert.Matches(@"minimumTlsVersion:\s*'TLS1_2'", b);
        Assert.Matches(@"allowBlobPublicAccess:\s*false", b);
        Assert.Matches(@"DisableLocalAuth:\s*true", b);
        Assert.Matches(@"AzureWebJobsStorage__credential:\s*'managedidentity'", b);
        Assert.Matches(@"APPLICATIONINSIGHTS_AUTHENTICATION_STRING:\s*'Authorization=AAD'", b);
        Assert.Matches(@"Lookout__CreateResources:\s*'false'", b);
        Assert.Matches(@"Lookout__StandalonePoller:\s*'false'", b);
        Assert.DoesNotMatch(@"(?m)^\s*AzureWebJobsStorage\s*:", b);
        Assert.DoesNotContain("listKeys", b);
        foreach (var role in new[]
                 {
                     "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", // Storage Blob Data Owner
                     "974c5e8b-45b9-4653-ba55-5f855dd0fb88", // Storage Queue Data Contributor
                     "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", // Storage Table Data Contributor
                     "3913510d-42f4-4e42-8a64-420c390055eb", // Monitoring Metrics Publisher
                 })
            Assert.Contains($"'{role}'", b);
    }

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
        Assert.Matches(@"allowedOrigins:\s*allowedOriginList", b);
        Assert.Matches(@"Lookout__AllowedOrigins:\s*join\(allowedOriginList,\s*','\)", b);
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
    [InlineData("linuxFxVersion")]
    public void Bicep_sets_no_setting_that_flex_consumption_deprecates(string name)
    {
        // Only comment lines may name them (functions-app-settings, "Flex Consumption plan deprecations").
        var code = string.Join('\n', Bicep.Split('\n').Where(l => !l.TrimStart().StartsWith("//", StringComparison.Ordinal)));
        Assert.DoesNotContain(name, code, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Azure_yaml_has_no_dist_for_the_dotnet_service()
    {
        // For language dotnet azd joins `dist` below its own `dotnet publish --output <temp>` folder.
        var yaml = InfraFiles.Read("azure.yaml");
        Assert.Matches(@"(?m)^\s+language:\s*dotnet\s*$", yaml);
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
