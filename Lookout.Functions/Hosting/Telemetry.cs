using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Lookout.Functions.Hosting;

/// <summary>
/// The worker's telemetry through OpenTelemetry to Application Insights (host.json telemetryMode
/// OpenTelemetry). Chosen over the Application Insights worker package because the resource has local auth
/// disabled: the exporter takes a TokenCredential, and the AI SDK line that worker package needs is the
/// legacy one (docs/deploy-review.md has the reasons and sources).
/// </summary>
public static class Telemetry
{
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    public static FunctionsApplicationBuilder AddLookoutTelemetry(this FunctionsApplicationBuilder builder)
    {
        // Without a connection string (local runs) nothing is exported and the host keeps the worker's logs.
        if (string.IsNullOrEmpty(builder.Configuration[ConnectionStringSetting]))
            return builder;
        // UseFunctionsWorkerDefaults tells the host that the worker exports its own logs and traces. The
        // exporter signs in with the app's system-assigned identity (Monitoring Metrics Publisher in Bicep),
        // the same identity the host uses through APPLICATIONINSIGHTS_AUTHENTICATION_STRING.
        builder.Services.AddOpenTelemetry()
            .UseFunctionsWorkerDefaults()
            .UseAzureMonitorExporter(options => options.Credential = new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned));
        return builder;
    }
}
