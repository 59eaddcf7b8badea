using Lookout.Functions.Alerts;

namespace Lookout.Tests.Alerts;

public class AlertOptionsTests
{
    private const string Secret = "https://hooks.slack.example/services/T000/B000/SECRETTOKEN";

    [Theory]
    [InlineData("ftp://hooks.example/x", "json", "__Url must be an absolute https")]
    [InlineData("not a url SECRETTOKEN", "json", "__Url must be an absolute https")]
    [InlineData(Secret, "email", "__Format is 'email'")]
    public void A_bad_target_names_the_setting_and_never_the_url(string url, string format, string expected)
    {
        var options = new AlertOptions { Targets = [new AlertTargetOptions { Url = Secret, Format = "slack" }, new AlertTargetOptions { Url = url, Format = format }] };
        var problem = options.Problem();
        Assert.NotNull(problem);
        Assert.Contains("Lookout__Alerts__Targets__1" + expected, problem);
        Assert.DoesNotContain("SECRETTOKEN", problem);
    }

    [Fact]
    public void Targets_keep_their_configured_index_and_empty_slots_are_skipped()
    {
        var options = new AlertOptions { Targets = [new AlertTargetOptions { Url = "" }, new AlertTargetOptions { Url = Secret, Format = "Teams", Types = "csp-violation, coep", MinReach = 3 }] };
        Assert.Null(options.Problem());
        var target = Assert.Single(options.ParseTargets());
        Assert.Equal(1, target.Index);
        Assert.Equal(Lookout.Core.Alerts.AlertFormat.Teams, target.Format);
        Assert.Equal(["csp-violation", "coep"], target.Types);
        Assert.Equal("target 1 (teams)", target.ToString());
    }
}
