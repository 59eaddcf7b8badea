using System.Diagnostics;
using Lookout.Tests.Support;

namespace Lookout.Tests.Infra;

/// <summary>
/// `dotnet publish Lookout.Functions`, once per test run, into a temporary folder: the folder Flex
/// Consumption deploys, with the functions.metadata the Worker SDK generates from the trigger attributes.
/// </summary>
internal static class FunctionAppPublish
{
    private static readonly Lazy<Task<string>> Published = new(PublishAsync);

    public static Task<string> FolderAsync() => Published.Value;

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
