namespace Lookout.Functions.Hosting;

/// <summary>
/// Under the Azure Functions host (custom handler) the host tells the app its port through
/// <c>FUNCTIONS_CUSTOMHANDLER_PORT</c>; without it Lookout runs standalone on 127.0.0.1:7071 like
/// <c>func start</c>, unless --urls, ASPNETCORE_URLS or Kestrel:Endpoints say otherwise.
/// </summary>
public static class HostingMode
{
    public const string CustomHandlerPortVariable = "FUNCTIONS_CUSTOMHANDLER_PORT";
    public const string DefaultStandaloneUrl = "http://127.0.0.1:7071";

    public static bool IsFunctionsHost(IConfiguration configuration) =>
        !string.IsNullOrEmpty(configuration[CustomHandlerPortVariable]);

    public static void ConfigureUrls(WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        if (configuration[CustomHandlerPortVariable] is { Length: > 0 } port)
        {
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
            return;
        }
        var explicitUrls = !string.IsNullOrEmpty(configuration["urls"]) || !string.IsNullOrEmpty(configuration["http_ports"])
            || !string.IsNullOrEmpty(configuration["https_ports"]) || configuration.GetSection("Kestrel:Endpoints").GetChildren().Any();
        if (!explicitUrls)
            builder.WebHost.UseUrls(DefaultStandaloneUrl);
    }
}
