using Lookout.Functions;
using Lookout.Functions.Health;
using Lookout.Functions.Hosting;
using Lookout.Functions.Ingest;
using Lookout.Functions.Normalize;
using Lookout.Functions.Ports;
using Lookout.Functions.Standalone;
using Lookout.Functions.Storage;

var builder = WebApplication.CreateSlimBuilder(args);
// Slim builder leaves HTTPS out; standalone HTTPS (needed for Reporting API and NEL) uses Kestrel config.
builder.WebHost.UseKestrelHttpsConfiguration();
HostingMode.ConfigureUrls(builder);

builder.Services.Configure<LookoutOptions>(builder.Configuration.GetSection(LookoutOptions.Section));
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<StorageClients>();
builder.Services.AddSingleton<IDeliveryQueue, QueueDeliveryQueue>();
builder.Services.AddSingleton<IReportStore, TableReportStore>();
builder.Services.AddSingleton<DeliveryIngestor>();
builder.Services.AddSingleton<CorsPolicy>();
builder.Services.AddSingleton<MessageProcessor>();
builder.Services.AddHostedService<ResourceInitializer>();

var pollerSetting = builder.Configuration.GetSection(LookoutOptions.Section).GetValue<bool?>(nameof(LookoutOptions.StandalonePoller));
if (pollerSetting ?? !HostingMode.IsFunctionsHost(builder.Configuration))
    builder.Services.AddHostedService<QueuePoller>();

var app = builder.Build();
app.MapIngest();
app.MapNormalize();
app.MapHealth();
// The Functions host waits for the handler's port; a plain GET / also answers for humans and probes.
app.MapGet("/", () => Results.Text("Lookout is running. POST reports to /api/reports.\n"));
app.Run();

/// <summary>Entry point, public for in-process test hosts.</summary>
public partial class Program;
