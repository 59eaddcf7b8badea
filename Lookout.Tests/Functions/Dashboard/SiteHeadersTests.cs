using Lookout.Functions.Dashboard;

namespace Lookout.Tests.Dashboard;

public class SiteHeadersTests
{
    [Theory]
    [InlineData("http://127.0.0.1:7071/api/reports", ReportUrlMode.Http)]
    [InlineData("http://lookout.example.com/api/reports", ReportUrlMode.Http)]
    [InlineData("https://127.0.0.1:7443/api/reports", ReportUrlMode.LocalHttps)]
    [InlineData("https://localhost:7443/api/reports?site=shop", ReportUrlMode.LocalHttps)]
    [InlineData("https://func-lookout-abc.azurewebsites.net/api/reports", ReportUrlMode.Https)]
    public void The_mode_follows_the_report_url(string url, ReportUrlMode mode) =>
        Assert.Equal(mode, SiteHeaders.ModeOf(new Uri(url)));

    [Fact]
    public void Over_http_only_csp_report_uri_is_handed_out()
    {
        var header = Assert.Single(SiteHeaders.For(new Uri("http://127.0.0.1:7071/api/reports")));
        Assert.Equal("Content-Security-Policy-Report-Only", header.Name);
        Assert.DoesNotContain("report-to", header.Value);
        Assert.Contains("plain HTTP", SiteHeaders.Reason(ReportUrlMode.Http));
    }

    [Fact]
    public void Over_https_every_mechanism_points_at_the_default_group()
    {
        var url = "https://lookout.example.com/api/reports?site=shop";
        var headers = SiteHeaders.For(new Uri(url)).ToDictionary(h => h.Name, h => h.Value);
        Assert.Equal(["Reporting-Endpoints", "Content-Security-Policy-Report-Only", "Report-To", "NEL"], headers.Keys);
        Assert.Equal($"default=\"{url}\"", headers["Reporting-Endpoints"]);
        Assert.EndsWith($"report-uri {url}; report-to default", headers["Content-Security-Policy-Report-Only"]);
        using var reportTo = System.Text.Json.JsonDocument.Parse(headers["Report-To"]);
        Assert.Equal("default", reportTo.RootElement.GetProperty("group").GetString());
        using var nel = System.Text.Json.JsonDocument.Parse(headers["NEL"]);
        Assert.Equal("default", nel.RootElement.GetProperty("report_to").GetString());
    }
}
