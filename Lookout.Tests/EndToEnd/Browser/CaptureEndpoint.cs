using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Lookout.Tests.Browser;

/// <summary>One POST a browser made to the capture endpoint, with its exact body bytes.</summary>
public sealed record Delivery(string CaseId, string PathAndQuery, string ContentType, byte[] Body, DateTimeOffset ReceivedAt)
{
    public string BodyText => System.Text.Encoding.UTF8.GetString(Body);
}

/// <summary>
/// A report collector on its own HTTPS origin that records every delivery. It answers CORS preflights
/// the way a collector must for Chromium to POST (ACAO *, ACAH content-type, 204). The case id is the
/// <c>site</c> query parameter, matching Lookout's <c>/api/reports?site=&lt;case&gt;</c>.
/// </summary>
public sealed class CaptureEndpoint : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly List<Delivery> _deliveries = [];
    private readonly Dictionary<string, int> _preflights = [];
    private readonly List<(string CaseId, Func<IReadOnlyList<Delivery>, bool> Done, TaskCompletionSource<IReadOnlyList<Delivery>> Tcs)> _waiters = [];
    private WebApplication? _app;

    public Uri Origin { get; private set; } = null!;
    public Uri ReportsUrl => new(Origin, "/api/reports");

    public static async Task<CaptureEndpoint> StartAsync(TestCertificate certificate)
    {
        var endpoint = new CaptureEndpoint();
        var (app, origin) = await HttpsServer.StartAsync(certificate.Certificate, endpoint.Map);
        endpoint._app = app;
        endpoint.Origin = origin;
        return endpoint;
    }

    private void Map(WebApplication app) => app.Run(async context =>
    {
        var request = context.Request;
        var caseId = request.Query["site"].FirstOrDefault() ?? "";
        if (HttpMethods.IsOptions(request.Method))
        {
            lock (_gate) _preflights[caseId] = _preflights.GetValueOrDefault(caseId) + 1;
            context.Response.Headers.AccessControlAllowOrigin = "*";
            context.Response.Headers.AccessControlAllowHeaders = "content-type";
            context.Response.Headers.AccessControlAllowMethods = "POST";
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }
        if (!HttpMethods.IsPost(request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        var delivery = new Delivery(caseId, request.Path + request.QueryString, request.ContentType ?? "", body.ToArray(), DateTimeOffset.UtcNow);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        Add(delivery);
    });

    private void Add(Delivery delivery)
    {
        lock (_gate)
        {
            _deliveries.Add(delivery);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                var waiter = _waiters[i];
                if (waiter.CaseId != delivery.CaseId) continue;
                var forCase = ForCaseLocked(waiter.CaseId);
                if (waiter.Done(forCase))
                {
                    _waiters.RemoveAt(i);
                    waiter.Tcs.TrySetResult(forCase);
                }
            }
        }
    }

    private List<Delivery> ForCaseLocked(string caseId) => _deliveries.Where(d => d.CaseId == caseId).ToList();

    public IReadOnlyList<Delivery> DeliveriesFor(string caseId)
    {
        lock (_gate) return ForCaseLocked(caseId);
    }

    public int PreflightsFor(string caseId)
    {
        lock (_gate) return _preflights.GetValueOrDefault(caseId);
    }

    /// <summary>Completes when <paramref name="done"/> holds for the case's deliveries so far.</summary>
    public async Task<IReadOnlyList<Delivery>> WaitForAsync(string caseId, Func<IReadOnlyList<Delivery>, bool> done, TimeSpan timeout)
    {
        var tcs = new TaskCompletionSource<IReadOnlyList<Delivery>>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            var now = ForCaseLocked(caseId);
            if (done(now)) return now;
            _waiters.Add((caseId, done, tcs));
        }
        try
        {
            return await tcs.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            lock (_gate) _waiters.RemoveAll(w => w.Tcs == tcs);
            var got = DeliveriesFor(caseId);
            throw new TimeoutException(
                $"Case {caseId}: the expected delivery did not arrive within {timeout.TotalSeconds:0} s " +
                $"({PreflightsFor(caseId)} preflights, {got.Count} deliveries: " +
                string.Join(" | ", got.Select(d => $"{d.ContentType} {Truncate(d.BodyText)}")) + ")");
        }
    }

    /// <summary>Completes when at least <paramref name="count"/> deliveries for the case arrived.</summary>
    public Task<IReadOnlyList<Delivery>> WaitForCountAsync(string caseId, int count, TimeSpan timeout) =>
        WaitForAsync(caseId, ds => ds.Count >= count, timeout);

    private static string Truncate(string s) => s.Length <= 400 ? s : s[..400] + "…";

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
