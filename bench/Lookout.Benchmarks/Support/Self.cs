namespace Lookout.Benchmarks.Support;

/// <summary>Starts another copy of this program in a given role (stand-ins run in their own process).</summary>
internal static class Self
{
    public static ChildProcess Start(params string[] arguments)
    {
        var path = Environment.ProcessPath!;
        return Path.GetFileNameWithoutExtension(path) == "dotnet"
            ? ChildProcess.Start(path, [typeof(Self).Assembly.Location, .. arguments])
            : ChildProcess.Start(path, arguments);
    }
}
