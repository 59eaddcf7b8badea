using Lookout.Functions.Hosting;
using Lookout.Functions.Storage;
using Lookout.Standalone;

// The function app without the Functions host: same services, same function classes, the HTTP functions on
// the routes their triggers declare, pollers that drive the queue functions (Normalize, DeliverAlert) with host.json's queue rules, and the timer functions.
// Listens on 127.0.0.1:7071 like `func start`, unless --urls, ASPNETCORE_URLS or Kestrel:Endpoints say otherwise.
// `replay-poison [--max N]` and `retention` are one-shot maintenance commands (docs/reliability.md, docs/configuration.md), not the server.
if (args is [ReplayPoisonCommand.Name, ..])
    return await ReplayPoisonCommand.RunAsync(args);
if (args is [RetentionCommand.Name, ..])
    return await RetentionCommand.RunAsync(args);

// A bad setting ends here: one line per problem naming the setting and the fix, exit code 2, no stack trace.
var builder = StandaloneApp.CreateBuilder(args);
if (!StandaloneSettings.Check(builder.Configuration))
    return 2;
QueueTriggerSettings queueRules;
try
{
    queueRules = QueueTriggerSettings.Load(AppContext.BaseDirectory);
}
catch (InvalidOperationException e)
{
    Console.Error.WriteLine("error: " + e.Message);
    return 2;
}

var app = StandaloneApp.Build(builder, queueRules);
Console.WriteLine(SettingsSummary.Describe(app.Configuration, app.Services.GetRequiredService<StorageClients>(),
    StandaloneUrls.AreConfigured(app.Configuration) ? app.Configuration["urls"] ?? "(Kestrel settings)" : StandaloneUrls.Default));
await app.RunAsync();
return 0;
