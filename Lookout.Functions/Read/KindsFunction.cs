using Lookout.Core.Formats.Kinds;
using Lookout.Core.Reports;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Lookout.Functions.Read;

/// <summary>
/// <c>GET /api/read/kinds</c>: the report types this deployment recognises (the registered kinds, then
/// <c>unknown</c>), so the dashboard's filters and the scripts never keep a list of their own.
/// </summary>
public sealed class KindsFunction(ReportKinds kinds)
{
    public const string Name = "ReadKinds";

    [Function(Name)]
    public Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.ReadKinds)] HttpRequest request)
    {
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        KindItem[] items =
        [
            .. kinds.All.Select(k => new KindItem(k.Slug, k.Description, [.. k.TypeNames.Skip(1).Select(n => n.Name)])),
            new KindItem(ReportTypes.Unknown, "Reports no parser recognises, kept whole with the reason.", []),
        ];
        return Task.FromResult(Results.Json(new KindList(items), ReadJsonContext.Default.KindList));
    }
}
