namespace Lookout.Benchmarks.Support;

/// <summary>Finds the repository from wherever BenchmarkDotNet or `dotnet run` put the binaries.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Published => Path.Combine(Root, "Lookout.Tests", "Fixtures", "published");
    public static string Chromium => Path.Combine(Root, "Lookout.Tests", "Fixtures", "chromium");
    public static string Azurite => Path.Combine(Root, "node_modules", "azurite", "dist", "src", "azurite.js");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Lookout.sln")))
                return dir.FullName;
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Lookout.sln")))
                return dir.FullName;
        throw new InvalidOperationException("Run the benchmarks from inside the Lookout repository.");
    }
}
