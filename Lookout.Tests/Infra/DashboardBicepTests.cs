using System.Text.RegularExpressions;

namespace Lookout.Tests.Infra;

/// <summary>The dashboard's part of infra/main.bicep: optional Entra ID sign-in that never closes ingest, and the dashboard URL output.</summary>
public class DashboardBicepTests
{
    private static string Bicep => InfraFiles.Read("infra/main.bicep");

    private static string AuthSettings()
    {
        var m = Regex.Match(Bicep, @"^resource authSettings 'Microsoft\.Web/sites/config@[0-9-]+' = if \(dashboardSignIn\) \{\n(.*?)^\}", RegexOptions.Multiline | RegexOptions.Singleline);
        Assert.True(m.Success, "conditional resource authSettings not found in main.bicep");
        return m.Groups[1].Value;
    }

    [Fact]
    public void Entra_sign_in_is_off_unless_a_client_id_is_given_and_azd_maps_it()
    {
        Assert.Matches(@"param dashboardEntraClientId string = ''", Bicep);
        Assert.Matches(@"var dashboardSignIn = !empty\(dashboardEntraClientId\)", Bicep);
        var parameters = InfraFiles.Read("infra/main.parameters.json");
        Assert.Contains("\"dashboardEntraClientId\"", parameters);
        Assert.Contains("${LOOKOUT_DASHBOARD_ENTRA_CLIENT_ID=}", parameters);
    }

    [Fact]
    public void Sign_in_guards_the_app_but_leaves_ingest_and_health_anonymous()
    {
        var auth = AuthSettings();
        Assert.Matches(@"name: 'authsettingsV2'", auth);
        Assert.Matches(@"parent: functionApp", auth);
        Assert.Matches(@"requireAuthentication: true", auth);
        Assert.Matches(@"unauthenticatedClientAction: 'RedirectToLoginPage'", auth);
        Assert.Matches(@"clientId: dashboardEntraClientId", auth);
        var excluded = Regex.Match(auth, @"excludedPaths: \[(.*?)\]", RegexOptions.Singleline).Groups[1].Value;
        var paths = Regex.Matches(excluded, @"'([^']+)'").Select(m => m.Groups[1].Value).Order().ToArray();
        // Exactly the anonymous routes browsers and probes use (FunctionAppContractTests: Ingest "reports", Health "health").
        Assert.Equal(["/api/health", "/api/reports"], paths);
    }

    [Fact]
    public void Deployment_outputs_the_dashboard_url()
    {
        Assert.Matches(@"output LOOKOUT_DASHBOARD_URL string = 'https://\$\{functionApp\.properties\.defaultHostName\}/api/dashboard'", Bicep);
    }
}
