namespace Lookout.Standalone;

/// <summary>Where the standalone host listens when nothing says otherwise: where <c>func start</c> would.</summary>
internal static class StandaloneUrls
{
    public const string Default = "http://127.0.0.1:7071";

    public static bool AreConfigured(IConfiguration configuration) =>
        !string.IsNullOrEmpty(configuration["urls"]) || !string.IsNullOrEmpty(configuration["http_ports"])
        || !string.IsNullOrEmpty(configuration["https_ports"]) || configuration.GetSection("Kestrel:Endpoints").GetChildren().Any();
}
