using System.Globalization;
using Lookout.Functions.Storage;

namespace Lookout.Standalone;

/// <summary>
/// <c>Lookout.Standalone replay-poison [--max N]</c>: moves poison messages back to the raw queue, with the
/// same storage settings as the app (<c>AzureWebJobsStorage</c> connection string or identity-based) and the
/// same <c>Lookout__QueueName</c>. It starts no web server and no poller; a running Lookout (or the Functions
/// host in Azure) normalizes the moved messages. Exit code 0 when it ran, 1 when storage failed, 2 on bad usage or settings.
/// </summary>
internal static class ReplayPoisonCommand
{
    public const string Name = "replay-poison";

    public static async Task<int> RunAsync(string[] args)
    {
        var max = int.MaxValue;
        var rest = args.Skip(1).ToList();
        for (var i = 0; i < rest.Count; i++)
        {
            if (rest[i] == "--max" && i + 1 < rest.Count && int.TryParse(rest[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0)
            {
                max = n;
                i++;
            }
            else
            {
                await Console.Error.WriteLineAsync($"Usage: Lookout.Standalone {Name} [--max N]");
                return 2;
            }
        }

        using var host = OneShot.Build();
        if (host is null)
            return 2;
        var storage = host.Services.GetRequiredService<StorageClients>();
        try
        {
            var moved = await host.Services.GetRequiredService<PoisonReplay>().RunAsync(max, OneShot.StopOnCtrlC());
            Console.WriteLine($"Moved {moved} messages from {storage.PoisonQueue.Name} to {storage.Queue.Name}.");
            return 0;
        }
        catch (Exception e) when (OneShot.IsStorageFailure(e))
        {
            await Console.Error.WriteLineAsync($"Replay stopped: {e.Message}");
            return 1;
        }
    }
}
