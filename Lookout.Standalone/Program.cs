using Lookout.Functions.Hosting;
using Lookout.Standalone;

// The function app without the Functions host: same services, same function classes, the HTTP functions on
// the routes their triggers declare, pollers that drive the queue functions (Normalize, DeliverAlert) with host.json's queue rules, and the timer functions.
// Listens on 127.0.0.1:7071 like `func start`, unless --urls, ASPNETCORE_URLS or Kestrel:Endpoints say otherwise.
// `replay-poison [--max N]` is a one-shot maintenance command (README "Reliability"), not the server.
if (args is [ReplayPoisonCommand.Name, ..])
    return await ReplayPoisonCommand.RunAsync(args);

var builder = WebApplication.CreateSlimBuilder(args);
// The slim builder leaves HTTPS out; Reporting API and NEL uploads need it (Kestrel certificate settings).
builder.WebHost.UseKestrelHttpsConfiguration();
if (!StandaloneUrls.AreConfigured(builder.Configuration))
    builder.WebHost.UseUrls(StandaloneUrls.Default);

builder.Services.AddLookout(builder.Configuration);
builder.Services.AddSingleton(QueueTriggerSettings.Load(AppContext.BaseDirectory));
builder.Services.Configure<StandaloneOptions>(builder.Configuration.GetSection(StandaloneOptions.Section));
if (builder.Configuration.GetSection(StandaloneOptions.Section).GetValue(nameof(StandaloneOptions.Poller), true))
    builder.Services.AddHostedService<QueuePollers>();
// Timer functions (Retention) on the schedules their triggers declare, as the Functions host runs them.
builder.Services.AddHostedService<TimerFunctions>();

var app = builder.Build();
app.MapHttpFunctions(HostJson.RoutePrefix(AppContext.BaseDirectory));
await app.RunAsync();
return 0;
