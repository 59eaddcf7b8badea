using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;

namespace Lookout.Standalone;

/// <summary>
/// Takes a read key sent as <c>?code=</c> out of the request target before anything sees the request, and
/// hands it on in the <c>x-functions-key</c> header. ASP.NET Core's request lines ("Request starting … ?code=…"),
/// traces and every later log or exception then only ever see the URL without it, whatever the log level.
/// Done by wrapping the server's <see cref="IHttpApplication{TContext}"/>: the hosting layer logs the request
/// when it creates the context, before any middleware runs.
/// </summary>
internal static class QueryKeyToHeader
{
    public const string Parameter = "code";

    /// <summary>Wraps the registered <see cref="IServer"/> (Kestrel) so every request passes <see cref="Move"/> first.</summary>
    public static IServiceCollection AddQueryKeyToHeader(this IServiceCollection services)
    {
        var server = services.LastOrDefault(d => d.ServiceType == typeof(IServer))
            ?? throw new InvalidOperationException("No server registered to wrap (Kestrel is added by the web host builder).");
        services.Remove(server);
        services.AddSingleton<IServer>(provider => new KeyMovingServer(server switch
        {
            { ImplementationInstance: IServer instance } => instance,
            { ImplementationFactory: { } factory } => (IServer)factory(provider),
            _ => (IServer)ActivatorUtilities.CreateInstance(provider, server.ImplementationType!),
        }));
        return services;
    }

    /// <summary>Removes every <c>code</c> parameter (any case, as the query collection matches names) from the query
    /// and the raw target; the first value becomes the key header unless the request already has one.</summary>
    public static void Move(IHttpRequestFeature request)
    {
        var query = request.QueryString;
        if (query.Length < 2 || query.IndexOf(Parameter + "=", StringComparison.OrdinalIgnoreCase) < 0)
            return;
        string? key = null;
        var kept = new List<string>();
        foreach (var pair in query[1..].Split('&'))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Decode(equals < 0 ? pair : pair[..equals]);
            if (!name.Equals(Parameter, StringComparison.OrdinalIgnoreCase))
                kept.Add(pair);
            else if (key is null && equals >= 0)
                key = Decode(pair[(equals + 1)..]);
        }
        request.QueryString = kept.Count == 0 ? "" : "?" + string.Join('&', kept);
        var path = request.RawTarget.IndexOf('?', StringComparison.Ordinal) is var at and >= 0 ? request.RawTarget[..at] : request.RawTarget;
        request.RawTarget = path + request.QueryString;
        if (!string.IsNullOrEmpty(key) && !request.Headers.ContainsKey(ReadAuthorization.Header))
            request.Headers[ReadAuthorization.Header] = key;
    }

    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));

    private sealed class KeyMovingServer(IServer inner) : IServer
    {
        public IFeatureCollection Features => inner.Features;

        public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken) where TContext : notnull =>
            inner.StartAsync(new KeyMovingApplication<TContext>(application), cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => inner.StopAsync(cancellationToken);

        public void Dispose() => inner.Dispose();
    }

    private sealed class KeyMovingApplication<TContext>(IHttpApplication<TContext> inner) : IHttpApplication<TContext> where TContext : notnull
    {
        public TContext CreateContext(IFeatureCollection contextFeatures)
        {
            if (contextFeatures.Get<IHttpRequestFeature>() is { } request)
                Move(request);
            return inner.CreateContext(contextFeatures);
        }

        public Task ProcessRequestAsync(TContext context) => inner.ProcessRequestAsync(context);

        public void DisposeContext(TContext context, Exception? exception) => inner.DisposeContext(context, exception);
    }
}
