using Lookout.Functions;
using Lookout.Functions.Hosting;
using Lookout.Functions.Retention;
using Microsoft.Extensions.Options;

namespace Lookout.Standalone;

/// <summary>
/// <c>Lookout.Standalone retention</c>: runs the Retention function once, now, with the app's storage and
/// <c>Lookout__RetentionDays</c>, and says what it deleted. Starts no web server. Exit code 0 when it ran,
/// 1 when storage failed, 2 on bad usage or settings.
/// </summary>
internal static class RetentionCommand
{
    public const string Name = "retention";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length > 1)
        {
            await Console.Error.WriteLineAsync($"Usage: Lookout.Standalone {Name}   (deletes the days older than Lookout__RetentionDays, once)");
            return 2;
        }
        using var host = OneShot.Build();
        if (host is null)
            return 2;
        try
        {
            var result = await host.Services.GetRequiredService<RetentionSweeper>().RunAsync(OneShot.StopOnCtrlC());
            Console.WriteLine(result.FirstKeptDay is null
                ? "Retention is off (Lookout__RetentionDays = 0): nothing deleted."
                : $"Deleted {result.ReportRows} report rows, {result.DigestEntities} digest entities and {result.AlertEntities} alert bookkeeping entities of UTC days before {result.FirstKeptDay} " +
                  $"(Lookout__RetentionDays = {host.Services.GetRequiredService<IOptions<LookoutOptions>>().Value.RetentionDays}).");
            return 0;
        }
        catch (Exception e) when (OneShot.IsStorageFailure(e))
        {
            await Console.Error.WriteLineAsync($"Retention stopped: {e.Message}");
            return 1;
        }
    }
}

/// <summary>What the one-shot commands share: the app's services without a server, settings checked first.</summary>
internal static class OneShot
{
    /// <summary>The host, or null after printing the settings' problems.</summary>
    public static IHost? Build()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        if (!StandaloneSettings.Check(builder.Configuration))
            return null;
        builder.Services.AddLookout(builder.Configuration);
        return builder.Build();
    }

    public static CancellationToken StopOnCtrlC()
    {
        var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
        return stop.Token;
    }

    public static bool IsStorageFailure(Exception e) => Lookout.Functions.Storage.StorageFailures.Is(e) || e is OperationCanceledException;
}

/// <summary>The standalone host's settings check: every problem on one line on stderr, no stack trace.</summary>
internal static class StandaloneSettings
{
    public static bool Check(IConfiguration configuration)
    {
        var problems = SettingsCheck.Problems(configuration,
            (typeof(LookoutOptions), LookoutOptions.Section), (typeof(StandaloneOptions), StandaloneOptions.Section));
        foreach (var problem in problems)
            Console.Error.WriteLine("error: " + problem);
        return problems.Count == 0;
    }
}
