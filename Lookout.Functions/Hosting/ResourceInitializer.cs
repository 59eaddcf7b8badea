using Lookout.Functions.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lookout.Functions.Hosting;

/// <summary>
/// Creates the queues and the table at startup when <see cref="LookoutOptions.CreateResources"/> is on.
/// Storage being down at startup is not fatal: Ingest answers 503 until it is back, and creation
/// is retried in the background so a later start of Azurite still gets its queues and table.
/// </summary>
public sealed class ResourceInitializer(StorageClients storage, IOptions<LookoutOptions> options, ILogger<ResourceInitializer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.CreateResources)
            return;
        for (var delay = TimeSpan.FromMilliseconds(250); !stoppingToken.IsCancellationRequested; delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(10).Ticks)))
        {
            try
            {
                await storage.CreateResourcesAsync(stoppingToken);
                logger.LogInformation("Queues {Queue}, {Poison} and tables {Table}, {Issues} are ready",
                    storage.Queue.Name, storage.PoisonQueue.Name, storage.Table.Name, storage.Issues.Name);
                return;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Creating storage resources failed ({Error}); retrying in {Delay}", e.Message, delay);
            }
            try { await Task.Delay(delay, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }
}
