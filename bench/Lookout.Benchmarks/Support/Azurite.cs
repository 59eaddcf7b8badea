namespace Lookout.Benchmarks.Support;

/// <summary>Azurite from the repository's own node_modules, in memory, on free ports.</summary>
internal sealed class Azurite : IAsyncDisposable
{
    // The storage emulator's documented, public development account.
    private const string DevAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly ChildProcess _process;

    private Azurite(ChildProcess process, int queuePort, int tablePort)
    {
        _process = process;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    public int QueuePort { get; }
    public int TablePort { get; }
    public int ProcessId => _process.Id;

    public string ConnectionString => ConnectionStringFor(QueuePort, TablePort);

    public static string ConnectionStringFor(int queuePort, int tablePort) =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevAccountKey};" +
        $"QueueEndpoint=http://127.0.0.1:{queuePort}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1;";

    public static async Task<Azurite> StartAsync()
    {
        if (!File.Exists(RepoPaths.Azurite))
            throw new InvalidOperationException("Azurite is not installed: run `npm ci` in the repository root.");
        int blob = Ports.Free(), queue = Ports.Free(), table = Ports.Free();
        var process = ChildProcess.Start("node",
        [
            RepoPaths.Azurite, "--inMemoryPersistence", "--silent", "--loose", "--skipApiVersionCheck", "--disableProductStyleUrl",
            "--blobPort", $"{blob}", "--queuePort", $"{queue}", "--tablePort", $"{table}",
        ]);
        var azurite = new Azurite(process, queue, table);
        await Ports.WaitOpenAsync(queue, TimeSpan.FromSeconds(30), () => process.Output);
        await Ports.WaitOpenAsync(table, TimeSpan.FromSeconds(30), () => process.Output);
        return azurite;
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
