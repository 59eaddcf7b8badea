using Azure.Data.Tables;
using Azure.Storage.Queues;
using Lookout.Tests.Support;

namespace Lookout.Tests.Pipeline.Harness;

/// <summary>
/// One running pipeline: Azurite plus a Lookout host with its own queue, poison queue and table names, so
/// test classes never see each other's rows. The host is the standalone one unless a subclass starts another
/// (<see cref="StartHostAsync"/>): the suites run the same assertions against either.
/// </summary>
public class LookoutPipeline : IAsyncLifetime
{
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..10];

    public AzuriteServer Azurite { get; private set; } = null!;
    public ILookoutHost App { get; private set; } = null!;
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };
    public virtual string QueueName => $"raw-{_suffix}";
    public string PoisonQueueName => QueueName + "-poison";
    public string TableName => $"reports{_suffix}";
    public string IssuesTableName => $"issues{_suffix}";
    public QueueClient Queue { get; private set; } = null!;
    public QueueClient PoisonQueue { get; private set; } = null!;
    public ReportTable Table { get; private set; } = null!;
    public TableClient Issues { get; private set; } = null!;

    /// <summary>The settings the app runs with (the fixture's plus its private resource names).</summary>
    public IReadOnlyDictionary<string, string> AppSettings { get; private set; } = new Dictionary<string, string>();

    protected virtual bool PersistentAzurite => false;

    /// <summary>An Azurite of its own (always when persistent): the Functions host's trigger reads one fixed queue name.</summary>
    protected virtual bool OwnAzurite => PersistentAzurite;
    protected virtual IDictionary<string, string> Settings => new Dictionary<string, string>();

    /// <summary>
    /// The app setting that overrides a host.json <c>extensions.queues</c> value; the Functions host honours it
    /// too, and the standalone poller reads host.json and the same overrides.
    /// </summary>
    public static string QueueSetting(string name) => "AzureFunctionsJobHost__extensions__queues__" + name;

    public virtual async Task InitializeAsync()
    {
        Azurite = OwnAzurite ? await AzuriteServer.StartAsync(persistent: PersistentAzurite) : await AzuriteServer.Shared;
        // The same encoding as Ingest and the queue trigger: base64 text.
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        Queue = new QueueClient(Azurite.ConnectionString, QueueName, queueOptions);
        PoisonQueue = new QueueClient(Azurite.ConnectionString, PoisonQueueName, queueOptions);
        Table = new ReportTable(new TableClient(Azurite.ConnectionString, TableName));
        Issues = new TableClient(Azurite.ConnectionString, IssuesTableName);

        AppSettings = new Dictionary<string, string>(Settings)
        {
            ["Lookout__QueueName"] = QueueName,
            ["Lookout__TableName"] = TableName,
            ["Lookout__IssuesTableName"] = IssuesTableName,
        };
        // An app that does not own its resources (as in Azure) finds them made by someone else, as Bicep would.
        if (AppSettings.GetValueOrDefault("Lookout__CreateResources") == "false")
        {
            await Queue.CreateIfNotExistsAsync();
            await PoisonQueue.CreateIfNotExistsAsync();
            await Table.Client.CreateIfNotExistsAsync();
            await Issues.CreateIfNotExistsAsync();
        }
        App = await StartHostAsync();
        // The app creates its queues and table in the background; wait for them like a client would.
        await Eventually.MatchAsync(async () => (await Queue.ExistsAsync()).Value && await Table.ExistsAsync(), ok => ok,
            TimeSpan.FromSeconds(30), "queue and table creation");
    }

    /// <summary>Starts the pipeline's host with <see cref="AppSettings"/>: the standalone host unless overridden.</summary>
    protected virtual async Task<ILookoutHost> StartHostAsync() => await StartAppAsync();

    /// <summary>Starts another standalone Lookout process on the same queue and tables (a second instance, or a restart).</summary>
    public Task<LookoutApp> StartAppAsync(IDictionary<string, string>? overrides = null)
    {
        var settings = new Dictionary<string, string>(AppSettings);
        foreach (var (key, value) in overrides ?? new Dictionary<string, string>())
            settings[key] = value;
        return LookoutApp.StartAsync(Azurite.ConnectionString, settings);
    }

    /// <summary>Kills the running app (SIGKILL) and starts it again with the same settings.</summary>
    public async Task RestartAppAsync()
    {
        await App.DisposeAsync();
        App = await StartHostAsync();
    }

    /// <summary>The digest's issues of the UTC day <paramref name="day"/> (yyyy-MM-dd), without the count markers.</summary>
    public async Task<List<TableEntity>> IssuesOfDayAsync(string day)
    {
        var issues = new List<TableEntity>();
        try
        {
            await foreach (var issue in Issues.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {day}") + " and " + Lookout.Functions.Storage.DigestColumns.IssuesOnly))
                issues.Add(issue);
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
        }
        return issues;
    }

    public virtual async Task DisposeAsync()
    {
        if (App is not null)
            await App.DisposeAsync();
        Http.Dispose();
        if (OwnAzurite && Azurite is not null)
            await Azurite.DisposeAsync();
    }

    /// <summary>POSTs a body to the report URL, tagged with a site so the test can find its rows.</summary>
    public async Task<HttpResponseMessage> PostAsync(byte[] body, string? contentType, string? site = null, string? origin = null)
    {
        var url = site is null ? App.ReportsUrl : new Uri(App.ReportsUrl + "?site=" + Uri.EscapeDataString(site));
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        if (contentType is not null)
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        if (origin is not null)
            request.Headers.Add("Origin", origin);
        request.Headers.UserAgent.ParseAdd("LookoutTests/1.0");
        return await Http.SendAsync(request);
    }

    public static string NewSite() => "t" + Guid.NewGuid().ToString("N")[..12];

    public Task<List<TableEntity>> RowsOfSiteAsync(string site, int count, TimeSpan? timeout = null) =>
        Table.WaitForAsync(count, ReportTable.SiteIs(site), timeout);
}

public sealed class StandalonePipeline : LookoutPipeline
{
    protected override IDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Lookout__MaxBodyBytes"] = (512 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Lookout__AllowedOrigins"] = "https://site.example, https://other.example",
        ["Lookout__CorsMaxAgeSeconds"] = "600",
        [QueueSetting("maxPollingInterval")] = "00:00:00.200",
    };
}
