using Lookout.Functions.Hosting;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

// The Functions host starts this worker (isolated model, ASP.NET Core integration). Everything the
// functions need comes from AddLookout, which the standalone host (Lookout.Standalone) calls too.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddLookout(builder.Configuration);
builder.AddLookoutTelemetry();
builder.Build().Run();
