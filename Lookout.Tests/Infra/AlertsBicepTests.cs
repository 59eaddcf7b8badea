using System.Text.Json;
using Lookout.Functions;
using Lookout.Functions.Alerts;

namespace Lookout.Tests.Infra;

/// <summary>
/// The alert and triage parts of infra/main.bicep, read from the compiled template (<see cref="BicepCli"/>): webhook
/// URLs and the write key reach the app only as Key Vault references, the secure parameters feed nothing but the
/// vault's secrets, the app's identity may read secrets and nothing more, and the alert numbers default to the code's.
/// </summary>
public class AlertsBicepTests
{
    private static Task<JsonElement> AppSettingsAsync() => BicepContractTests.AppSettingsAsync();

    private static JsonElement Parameters => BicepContractTests.Parameters;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Each_target_url_is_a_key_vault_reference_to_its_secret(int target)
    {
        var url = (await AppSettingsAsync()).GetProperty($"Lookout__Alerts__Targets__{target}__Url").GetString()!;
        Assert.Contains($"'@Microsoft.KeyVault(VaultName={{0}};SecretName=alert-target-{target}-url)', variables('vaultName')", url);
        Assert.Contains($"greater(length(parameters('alertTargets')), {target})", url);
        // The format comes from the (non-secret) target list.
        Assert.Contains($"tryGet(tryGet(parameters('alertTargets'), {target}), 'format')",
            (await AppSettingsAsync()).GetProperty($"Lookout__Alerts__Targets__{target}__Format").GetString());
    }

    [Fact]
    public async Task Secure_parameters_feed_only_the_vault_secrets()
    {
        var template = await BicepCli.Template;
        var parameters = template.GetProperty("parameters");
        Assert.Equal("securestring", parameters.GetProperty("alertWebhookUrls").GetProperty("type").GetString());
        Assert.Equal("securestring", parameters.GetProperty("writeKey").GetProperty("type").GetString());
        var settings = (await AppSettingsAsync()).GetRawText();
        Assert.DoesNotContain("parameters('alertWebhookUrls')", settings);
        Assert.Equal("[if(empty(parameters('writeKey')), '', format('@Microsoft.KeyVault(VaultName={0};SecretName=lookout-write-key)', variables('vaultName')))]",
            (await AppSettingsAsync()).GetProperty("Lookout__WriteKey").GetString());
        Assert.DoesNotContain("alertWebhookUrls", template.GetProperty("outputs").GetRawText());
        Assert.DoesNotContain("writeKey", template.GetProperty("outputs").GetRawText());
        var secrets = template.Resources("Microsoft.KeyVault/vaults/secrets").Select(s => s.GetProperty("properties").GetProperty("value").GetString()).ToList();
        Assert.Equal(2, secrets.Count);
        Assert.Contains(secrets, v => v!.Contains("split(parameters('alertWebhookUrls'), ' ')", StringComparison.Ordinal));
        Assert.Contains("[parameters('writeKey')]", secrets);
    }

    [Fact]
    public async Task The_vault_uses_rbac_and_the_app_identity_may_only_read_secrets()
    {
        var template = await BicepCli.Template;
        var vault = template.Resources("Microsoft.KeyVault/vaults").Single();
        Assert.True(vault.GetProperty("properties").GetProperty("enableRbacAuthorization").GetBoolean());
        const string secretsUser = "4633458b-17de-408a-b874-0445c86b69e6";
        var reader = template.Resources("Microsoft.Authorization/roleAssignments")
            .Single(r => r.GetProperty("properties").GetProperty("roleDefinitionId").GetString()!.Contains("keyVaultSecretsUserRoleId", StringComparison.Ordinal));
        Assert.Equal(secretsUser, template.GetProperty("variables").GetProperty("keyVaultSecretsUserRoleId").GetString());
        Assert.Contains("Microsoft.KeyVault/vaults", reader.GetProperty("scope").GetString());
        Assert.Contains("identity.principalId", reader.GetProperty("properties").GetProperty("principalId").GetString());
    }

    [Fact]
    public async Task Alert_settings_name_the_queue_tables_and_dashboard_the_code_uses()
    {
        var settings = await AppSettingsAsync();
        var variables = (await BicepCli.Template).GetProperty("variables");
        var defaults = new LookoutOptions();
        Assert.Equal(QueueNames.Alerts, variables.GetProperty("alertsQueueName").GetString());
        Assert.Equal("[variables('alertsQueueName')]", settings.GetProperty("Lookout__Alerts__QueueName").GetString());
        Assert.Equal(defaults.TriageTableName, variables.GetProperty("triageTableName").GetString());
        Assert.Equal(defaults.AlertsTableName, variables.GetProperty("alertsTableName").GetString());
        Assert.Contains($"/{Routes.Prefix}/{Routes.Dashboard}", settings.GetProperty("Lookout__Alerts__DashboardUrl").GetString());
    }

    [Theory]
    [InlineData("alertMaxPerHour", nameof(AlertOptions.MaxPerHour), "LOOKOUT_ALERT_MAX_PER_HOUR")]
    [InlineData("alertSilenceHours", nameof(AlertOptions.SilenceHours), "LOOKOUT_ALERT_SILENCE_HOURS")]
    public async Task Alert_numbers_default_to_the_code_and_azd_can_set_them(string param, string option, string azd)
    {
        var template = await BicepCli.Template;
        var codeDefault = Convert.ToString(typeof(AlertOptions).GetProperty(option)!.GetValue(new AlertOptions()), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(codeDefault, template.GetProperty("parameters").GetProperty(param).GetProperty("defaultValue").ToString());
        Assert.Contains($"parameters('{param}')", (await AppSettingsAsync()).GetProperty("Lookout__Alerts__" + option).GetString());
        Assert.Equal("${" + azd + "=" + codeDefault + "}", Parameters.GetProperty(param).GetProperty("value").GetString());
    }

    [Theory]
    [InlineData("alertWebhookUrls", "LOOKOUT_ALERT_WEBHOOK_URLS")]
    [InlineData("writeKey", "LOOKOUT_WRITE_KEY")]
    public void Azd_maps_the_secrets_from_its_environment(string param, string azd) =>
        Assert.Equal("${" + azd + "=}", Parameters.GetProperty(param).GetProperty("value").GetString());
}
