namespace Lookout.Tests.Support;

/// <summary>
/// `dotnet publish Lookout.Functions`, once per process, into a temporary folder: the folder Flex
/// Consumption deploys, with the functions.metadata the Worker SDK generates from the trigger attributes.
/// The contract tests read it; the Functions host runs it.
/// </summary>
public static class FunctionAppPublish
{
    private static readonly Lazy<Task<string>> Published = new(PublishAsync);

    public static Task<string> FolderAsync() => Published.Value;

    private static async Task<string> PublishAsync()
    {
        var output = Path.Combine(Path.GetTempPath(), "lookout-publish-" + Guid.NewGuid().ToString("N")[..8]);
        await using var publish = ChildProcess.Start("dotnet",
            ["publish", Path.Combine(RepoPaths.Root, "Lookout.Functions", "Lookout.Functions.csproj"), "-c", "Release", "-o", output, "-nologo"]);
        var exitCode = await publish.WaitForExitAsync(TimeSpan.FromMinutes(15));
        if (exitCode != 0)
            throw new InvalidOperationException($"dotnet publish failed ({exitCode}):\n{publish.Output}");
        return output;
    }
}
