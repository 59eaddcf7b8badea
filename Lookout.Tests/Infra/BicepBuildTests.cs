namespace Lookout.Tests.Infra;

/// <summary><c>bicep build</c> and <c>bicep lint</c> of infra/main.bicep with the real CLI: no error and no warning.</summary>
public class BicepBuildTests
{
    [Fact]
    public async Task Main_bicep_builds_without_warnings()
    {
        var result = await BicepCli.RunAsync("build", BicepCli.MainFile, "--stdout");
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal("", result.Error.Trim());
        Assert.Contains("\"$schema\"", result.Output);
    }

    [Fact]
    public async Task Main_bicep_lints_without_warnings()
    {
        var result = await BicepCli.RunAsync("lint", BicepCli.MainFile);
        Assert.True(result.ExitCode == 0, result.Error + result.Output);
        Assert.Equal("", (result.Output + result.Error).Trim());
    }

    [Fact]
    public async Task A_linter_warning_fails_the_lint_check()
    {
        // The check above can fail: the same CLI reports an unused parameter in a copy of main.bicep.
        var dir = Directory.CreateTempSubdirectory("lookout-bicep-");
        try
        {
            var copy = Path.Combine(dir.FullName, "main.bicep");
            File.WriteAllText(copy, InfraFiles.Read(BicepCli.MainFile) + "\nparam unusedOnPurpose string = 'x'\n");
            var result = await BicepCli.RunAsync("lint", copy);
            Assert.Contains("no-unused-params", result.Output + result.Error);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
