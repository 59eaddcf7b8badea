namespace Lookout.Standalone;

/// <summary>The parts of host.json the standalone host honours besides the queue settings.</summary>
internal static class HostJson
{
    /// <summary>extensions.http.routePrefix; the Functions host's default is "api".</summary>
    public static string RoutePrefix(string directory) =>
        new ConfigurationBuilder().AddJsonFile(Path.Combine(directory, "host.json"), optional: false).Build()
            ["extensions:http:routePrefix"] ?? "api";
}
