using Lookout.Functions.Hosting;

namespace Lookout.Standalone;

/// <summary>
/// The standalone host's composition: the app's services, the HTTP functions on the routes their triggers declare,
/// the queue pollers (Normalize, DeliverAlert) with host.json's rules and the timer functions. Program.cs runs it; tests can host it in their
/// own process with more services (a made-up report kind, for one).
/// </summary>
public static class StandaloneApp
{
    /// <summary>The builder, whose configuration is checked before anything is built (Program.cs).</summary>
    public static WebApplicationBuilder CreateBuilder(string[] args) => WebApplication.CreateSlimBuilder(args);

    /// <param name="configure">Runs after the app's own registrations, so it may replace one.</param>
    public static WebApplication Build(WebApplicationBuilder builder, QueueTriggerSettings queueRules, Action<IServiceCollection>? configure = null)
    {
        // The slim builder leaves HTTPS out; Reporting API and NEL uploads need it (Kestrel certificate settings).
        builder.WebHost.UseKestrelHttpsConfiguration();
        if (!StandaloneUrls.AreConfigured(builder.Configuration))
            builder.WebHost.UseUrls(StandaloneUrls.Default);

        builder.Services.AddLookout(builder.Configuration);
        // A read key sent as ?code= leaves the URL before the request is logged (never in a log line).
        builder.Services.AddQueryKeyToHeader();
        builder.Services.AddSingleton(queueRules);
        builder.Services.Configure<StandaloneOptions>(builder.Configuration.GetSection(StandaloneOptions.Section));
        if (builder.Configuration.GetSection(StandaloneOptions.Section).GetValue(nameof(StandaloneOptions.Poller), true))
            builder.Services.AddHostedService<QueuePollers>();
        // Timer functions (Retention) on the schedules their triggers declare, as the Functions host runs them.
        builder.Services.AddHostedService<TimerFunctions>();
        configure?.Invoke(builder.Services);

        var app = builder.Build();
        app.MapHttpFunctions(HostJson.RoutePrefix(AppContext.BaseDirectory));
        return app;
    }
}
