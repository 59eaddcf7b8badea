namespace Lookout.Tests.Support;

/// <summary>Paths in the repository the tests run from.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>The folder holding Lookout.sln, found by walking up from the test binaries.</summary>
    public static string Root => RootPath.Value;

    public static string NodeModules => Path.Combine(Root, "node_modules");

    /// <summary>The published report bodies and the Chromium captures, in the repository (not the build output).</summary>
    public static string PublishedFixtures => Path.Combine(Root, "Lookout.Tests", "Fixtures", "published");
    public static string ChromiumFixtures => Path.Combine(Root, "Lookout.Tests", "Fixtures", "chromium");

    /// <summary>Azurite's entry script, run with <c>node</c> directly (no shell wrapper to outlive a kill).</summary>
    public static string AzuriteScript => RequireNodeModule(Path.Combine("azurite", "dist", "src", "azurite.js"));

    /// <summary>The <c>.bin/azurite</c> launcher npm installs.</summary>
    public static string AzuriteBin => RequireNodeModule(Path.Combine(".bin", "azurite"));

    public static string RequireNodeModule(string relative)
    {
        var path = Path.Combine(NodeModules, relative);
        if (!File.Exists(path) && !Directory.Exists(path))
            throw new InvalidOperationException($"{path} is missing: run `npm ci` in {Root} to install the dev tools (Azurite, Azure JS SDKs).");
        return path;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Lookout.sln")))
                return dir.FullName;
        }
        // BenchmarkDotNet runs its child process from a generated folder: look above the working directory too.
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Lookout.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"No Lookout.sln above {AppContext.BaseDirectory} or {Environment.CurrentDirectory}.");
    }
}
