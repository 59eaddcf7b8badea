using System.Diagnostics;
using System.Reflection;
using System.Text.Json;

namespace Lookout.Tests.Infra;

/// <summary>
/// The Bicep CLI from its NuGet package (<c>Azure.Bicep.CommandLine.linux-x64</c>, a <c>PackageDownload</c> of
/// this project; the build passes the binary's path as assembly metadata). <see cref="Template"/> is
/// infra/main.bicep compiled once to its ARM JSON, which the contract tests read instead of the Bicep text.
/// </summary>
internal static class BicepCli
{
    public static string Binary { get; } =
        typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepCli").Value!;

    public const string MainFile = "infra/main.bicep";

    private static readonly Lazy<Task<JsonElement>> Compiled = new(async () =>
    {
        var result = await RunAsync("build", MainFile, "--stdout");
        Assert.True(result.ExitCode == 0, $"bicep build failed:\n{result.Error}");
        return JsonDocument.Parse(result.Output).RootElement.Clone();
    });

    /// <summary>main.bicep as ARM JSON.</summary>
    public static Task<JsonElement> Template => Compiled.Value;

    public sealed record Result(int ExitCode, string Output, string Error);

    public static async Task<Result> RunAsync(params string[] args)
    {
        Assert.True(File.Exists(Binary), $"The Bicep CLI is not at {Binary}: restore Lookout.Tests (it downloads Azure.Bicep.CommandLine.linux-x64).");
        var start = new ProcessStartInfo(Binary)
        {
            WorkingDirectory = InfraFiles.RepoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // No telemetry, no update checks: the tests run offline.
            Environment = { ["BICEP_TRACING_ENABLED"] = "false", ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" },
        };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await output, await error);
    }

    /// <summary>The template's resources of one type (a template keeps them in an array, or by symbolic name).</summary>
    public static IEnumerable<JsonElement> Resources(this JsonElement template, string type)
    {
        var resources = template.GetProperty("resources");
        var all = resources.ValueKind == JsonValueKind.Array
            ? resources.EnumerateArray()
            : resources.EnumerateObject().Select(p => p.Value);
        return all.Where(r => r.GetProperty("type").GetString() == type).ToList();
    }
}
