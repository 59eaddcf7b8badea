using System.Diagnostics;
using System.Net;
using Lookout.Tests.Pipeline.Harness;
using Lookout.Tests.Support;

namespace Lookout.Tests.Pipeline;

/// <summary>
/// `dotnet publish` of Lookout.Functions assembles the function-app folder that Azure (and
/// `func start`) run: this publishes it once, checks the folder holds everything the host needs,
/// and runs the published Native AOT handler through the pipeline on Azurite.
/// </summary>
public sealed class PublishedPipeline : LookoutPipeline
{
    private static readonly Lazy<Task<string>> Published = new(PublishAsync);

    public static Task<string> FolderAsync() => Published.Value;

    protected override async Task<string?> ExecutableAsync() =>
        Path.Combine(await FolderAsync(), "Lookout.Functions");

    private static async Task<string> PublishAsync()
    {
        var output = Path.Combine(Path.GetTempPath(), "lookout-publish-" + Guid.NewGuid().ToString("N")[..8]);
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { "publish", Path.Combine(RepoPaths.Root, "Lookout.Functions", "Lookout.Functions.csproj"), "-c", "Release", "-o", output, "-nologo" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"dotnet publish failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
        return output;
    }
}

public sealed class PublishedHandlerTests(PublishedPipeline pipeline) : IClassFixture<PublishedPipeline>
{
    [Fact]
    public async Task Publish_folder_is_a_complete_custom_handler_function_app()
    {
        var folder = await PublishedPipeline.FolderAsync();
        foreach (var file in new[] { "host.json", "Ingest/function.json", "Normalize/function.json", "Health/function.json", "Lookout.Functions" })
            Assert.True(File.Exists(Path.Combine(folder, file)), $"{file} missing from the publish folder");
        // Native AOT: one native executable and no managed assemblies, because the custom runtime on
        // Flex Consumption has no .NET installed.
        var executable = Path.Combine(folder, "Lookout.Functions");
        Assert.Equal("\u007fELF"u8.ToArray(), File.ReadAllBytes(executable)[..4]);
        Assert.Empty(Directory.GetFiles(folder, "*.dll"));
        if (!OperatingSystem.IsWindows())
            Assert.True(File.GetUnixFileMode(Path.Combine(folder, "Lookout.Functions")).HasFlag(UnixFileMode.UserExecute));
        Assert.Equal(File.ReadAllText(Path.Combine(RepoPaths.Root, "host.json")), File.ReadAllText(Path.Combine(folder, "host.json")));
    }

    [Fact]
    public async Task Published_handler_turns_a_csp_report_into_a_row()
    {
        var site = LookoutPipeline.NewSite();
        using var response = await pipeline.PostAsync(Fixtures.Published("csp-legacy/django-lookout-1.json"), "application/csp-report", site);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var row = Assert.Single(await pipeline.RowsOfSiteAsync(site, 1));
        Assert.Equal("csp-violation", row.GetString("Type"));
        Assert.Equal("style-src", row.GetString("EffectiveDirective"));
    }

    [Fact]
    public async Task Published_handler_answers_bad_input_with_4xx()
    {
        using var malformed = await pipeline.PostAsync("{\"csp-report\":"u8.ToArray(), "application/csp-report");
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        using var unsupported = await pipeline.PostAsync("{}"u8.ToArray(), "text/plain");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, unsupported.StatusCode);
    }
}
