using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Lookout.Functions.Dashboard;

/// <summary>
/// The dashboard: static files (HTML, CSS, JavaScript and Chart.js from npm) copied into the app's output
/// folder <c>dashboard/</c> at build, served by the same app under either host; no templating, no build
/// server at run time.
/// <para>
/// <c>GET /api/dashboard</c> is only a loader page: markup, an inline script and no data. It is anonymous
/// because a browser cannot send a header with a navigation, and a key in the page URL ends up in shared
/// links, history and logs. The loader takes the key once (<c>#key=…</c>, or <c>?code=…</c>), keeps it in
/// <c>sessionStorage</c>, removes it from the address bar and fetches everything else — the app's files
/// under <c>/api/dashboard/app/</c> and all data under <c>/api/read/</c> — with the key in the
/// <c>x-functions-key</c> header. Those require the function key (or, standalone, the read key).
/// </para>
/// </summary>
public sealed class DashboardFunctions
{
    public const string LoaderName = "Dashboard";
    public const string FilesName = "DashboardFiles";

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
    };

    /// <summary>The published static files (see Lookout.Functions.csproj).</summary>
    public static string Root { get; } = Path.Combine(AppContext.BaseDirectory, "dashboard");

    [Function(LoaderName)]
    public Task<IResult> LoaderAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Dashboard)] HttpRequest request) =>
        Task.FromResult(Serve(request, "index.html"));

    [Function(FilesName)]
    public Task<IResult> FilesAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.DashboardFiles)] HttpRequest request)
    {
        // The part after ".../dashboard/app/", from the path itself: both hosts have it, whatever their routing.
        var path = request.Path.Value ?? "";
        var at = path.IndexOf("/dashboard/app/", StringComparison.Ordinal);
        return Task.FromResult(at < 0 ? Results.NotFound() : Serve(request, "app/" + path[(at + "/dashboard/app/".Length)..]));
    }

    private static IResult Serve(HttpRequest request, string relative)
    {
        var full = Path.GetFullPath(Path.Combine(Root, relative));
        // Only files inside the dashboard folder, of the types it ships.
        if (!full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(full)
            || !ContentTypes.TryGetValue(Path.GetExtension(full), out var contentType))
            return Results.NotFound();
        var headers = request.HttpContext.Response.Headers;
        // Revalidate every load so a deployment's new files show at once; the files are small.
        headers.CacheControl = "no-cache";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        return Results.File(full, contentType);
    }
}
