using Lookout.Core.Formats.Kinds;
using Lookout.Core.Sites;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Lookout.Core.Triage;
using Lookout.Functions.Alerts;
using Lookout.Functions.Dashboard;
using Lookout.Functions.Health;
using Lookout.Functions.Ingest;
using Lookout.Functions.Normalize;
using Lookout.Functions.Ports;
using Lookout.Functions.Retention;
using Lookout.Functions.Read;
using Lookout.Functions.Triage;
using Lookout.Functions.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lookout.Functions.Hosting;

/// <summary>The app's services, registered the same way by the Functions worker and the standalone host.</summary>
public static class LookoutServices
{
    public static IServiceCollection AddLookout(this IServiceCollection services, IConfiguration configuration)
    {
        // The Azure SDKs log every request at Information; keep their warnings and errors only.
        services.AddLogging(logging => logging.AddFilter("Azure", LogLevel.Warning));
        services.Configure<LookoutOptions>(configuration.GetSection(LookoutOptions.Section));
        // A bad noise rule stops the app at startup with a message naming the rule, rather than matching nothing.
        services.AddSingleton<IValidateOptions<LookoutOptions>, TriageOptionsValidator>();
        services.AddOptions<LookoutOptions>().ValidateOnStart();
        services.AddSingleton(provider => TriageOptionsValidator.Policy(provider.GetRequiredService<IOptions<LookoutOptions>>().Value));
        services.AddSingleton(provider => TriageOptionsValidator.Sites(provider.GetRequiredService<IOptions<LookoutOptions>>().Value));
        services.AddSingleton<SiteLoadMeter>();
        services.AddSingleton(TimeProvider.System);
        // The report kinds Normalize recognises and the dashboard lists; one file each under Lookout.Core/Formats/Kinds.
        services.TryAddSingleton(ReportKinds.Builtin);
        services.AddLookoutStorage(configuration);
        services.AddSingleton<IDeliveryQueue, QueueDeliveryQueue>();
        services.AddSingleton<IReportStore, TableReportStore>();
        services.AddSingleton<IDigestStore, TableDigestStore>();
        services.AddSingleton<IPolicyStore, TablePolicyStore>();
        services.AddSingleton<NewIssueAlerts>();
        services.AddSingleton<IssueWriter>();
        services.AddSingleton<ReportGroupCommit>();
        services.AddSingleton<EnqueueGroupCommit>();
        services.AddSingleton<TriageStore>();
        services.AddSingleton<RuntimeNoiseRules>();
        services.AddSingleton<WriteAuthorization>();
        services.AddSingleton<AlertTargets>();
        services.AddSingleton<AlertPublisher>();
        services.AddSingleton<AlertThrottle>();
        services.AddSingleton<AlertDelivery>();
        services.AddSingleton<RateAlerts>();
        services.AddSingleton<IIssueEvents, IssueAlerts>();
        // Not from IHttpClientFactory: its handlers log request URIs, and webhook URLs are secrets.
        services.AddSingleton(provider => new WebhookSender(new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = TimeSpan.FromSeconds(provider.GetRequiredService<IOptions<LookoutOptions>>().Value.Alerts.TimeoutSeconds),
        }));
        services.AddSingleton<DeliveryIngestor>();
        services.AddSingleton<CorsPolicy>();
        services.AddSingleton<MessageProcessor>();
        services.AddSingleton<PoisonReplay>();
        services.AddSingleton<RetentionSweeper>();
        services.AddHostedService<ResourceInitializer>();
        // The function classes themselves, so the standalone host resolves the very same objects.
        services.AddSingleton<IngestFunction>();
        services.AddSingleton<NormalizeFunction>();
        services.AddSingleton<HealthFunction>();
        services.AddSingleton<RetentionFunction>();
        services.AddSingleton(provider => new PageTokens(provider.GetRequiredService<IOptions<LookoutOptions>>().Value.PageTokenSecret));
        services.AddSingleton<ReadFunctions>();
        services.AddSingleton<KindsFunction>();
        services.AddSingleton<PolicyFunctions>();
        services.AddSingleton<DashboardFunctions>();
        services.AddSingleton<SetupFunction>();
        services.AddSingleton<AlertDeliveryFunction>();
        services.AddSingleton<RateAlertsFunction>();
        services.AddSingleton<TriageFunctions>();
        return services;
    }
}
