namespace Lookout.Tests.Scripts;

/// <summary>
/// Two <c>./run-local.sh</c> instances side by side for the whole collection: plain HTTP, and
/// <c>--https</c> (with the demo site), each on its own free ports and state dir. Started one after the
/// other because both build the app project in place.
/// </summary>
public sealed class LocalRunsFixture : IAsyncLifetime
{
    public LocalRun Http { get; private set; } = null!;
    public LocalRun Https { get; private set; } = null!;

    /// <summary>A file planted in the HTTPS run's Azurite folder before it started with <c>--reset</c>.</summary>
    public string ResetMarker { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Http = await LocalRun.StartAsync(https: false);
        var httpsState = LocalRun.NewStateDir();
        Directory.CreateDirectory(Path.Combine(httpsState, "azurite"));
        ResetMarker = Path.Combine(httpsState, "azurite", "left-from-before.json");
        await File.WriteAllTextAsync(ResetMarker, "{}");
        Https = await LocalRun.StartAsync(https: true, stateDir: httpsState, extra: "--reset");
    }

    public async Task DisposeAsync()
    {
        if (Https is not null) await Https.DisposeAsync();
        if (Http is not null) await Http.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class RunLocalCollection : ICollectionFixture<LocalRunsFixture>
{
    public const string Name = "run-local";
}
