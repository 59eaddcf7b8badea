using System.Text.RegularExpressions;
using Lookout.Functions.Dashboard;

namespace Lookout.Tests.Infra;

/// <summary>
/// The headers the deployment outputs are the ones the dashboard's set-up page and ./run-local.sh give for an HTTPS
/// report URL (same group name, same NEL fields), and the deployment tells the app its public report URL.
/// </summary>
public class DeploymentHeadersTests
{
    private static readonly Uri Sample = new("https://func-lookout-abc.azurewebsites.net/api/reports");

    [Fact]
    public void Deployment_outputs_the_site_headers_of_the_code()
    {
        var bicep = InfraFiles.Read("infra/main.bicep");
        var outputs = Regex.Matches(bicep, @"(?m)^output\s+LOOKOUT_HEADER_\w+\s+string\s*=\s*'(.*)'\s*$")
            .Select(m => m.Groups[1].Value.Replace("\\'", "'", StringComparison.Ordinal).Replace("${reportUrl}", Sample.AbsoluteUri, StringComparison.Ordinal))
            .ToList();
        Assert.Equal(SiteHeaders.For(Sample).Select(h => h.Name + ": " + h.Value), outputs);
    }

    [Fact]
    public void Deployment_tells_the_app_its_public_report_url()
    {
        var bicep = InfraFiles.Read("infra/main.bicep");
        Assert.Matches(@"(?m)^\s*Lookout__PublicReportUrl:\s*reportUrl\s*$", bicep);
        Assert.Matches(@"(?m)^var\s+reportUrl\s*=\s*'https://", bicep);
    }
}
