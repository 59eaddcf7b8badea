using System.Globalization;
using Lookout.Functions;
using Lookout.Tests.Browser;
using Lookout.Tests.Pipeline.Harness;
using Lookout.Tests.Read;
using Lookout.Tests.Support;

namespace Lookout.Tests.FunctionsHost;

/// <summary>
/// The category's tests share one published app and one host (their collection runs them one after another);
/// without a host each test skips with the reason (<see cref="Support.FunctionsHost.Unavailable"/>). The
/// collection runs alone, after the parallel ones: two hosts, their workers and Azurites next to the other
/// suites would slow the timing-bound standalone tests (leases, enqueue deadlines) on a 2-core machine.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FunctionsHostCollection : ICollectionFixture<FunctionsHostPipeline>
{
    public const string Name = "FunctionsHost";

    public static void SkipUnlessAvailable() =>
        Skip.If(Support.FunctionsHost.Unavailable is not null, $"FunctionsHost category skipped: {Support.FunctionsHost.Unavailable}.");
}

/// <summary>
/// The published Lookout.Functions under the real Functions host on its own Azurite (the trigger reads the fixed
/// queue <c>lookout-raw</c>), with the settings the shared suites expect of the standalone pipelines, and a
/// report site whose origin may post (the real-browser case).
/// </summary>
public sealed class FunctionsHostPipeline : ReadPipeline
{
    private readonly int _port = FreePorts.Next();

    public Support.FunctionsHost Host => (Support.FunctionsHost)App;

    /// <summary>A JSON webhook target on loopback: DeliverAlert runs as the host's queue trigger (HostAlertTests).</summary>
    public Alerts.WebhookReceiver? Receiver { get; private set; }
    public string WriteKey { get; } = "wk-" + Guid.NewGuid().ToString("N");
    public override string ReadKey => Host.FunctionKey;
    public override string QueueName => QueueNames.Raw;
    protected override bool OwnAzurite => true;

    /// <summary>Only when Chromium is installed (the browser case needs it).</summary>
    public TestCertificate? Certificate { get; private set; }
    public ReportSite? Site { get; private set; }
    public string AppFolder { get; private set; } = "";

    protected override IDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Lookout__MaxBodyBytes"] = (512 * 1024).ToString(CultureInfo.InvariantCulture),
        ["Lookout__AllowedOrigins"] = "https://site.example, https://other.example" + (Site is null ? "" : ", " + Site.Origin.GetLeftPart(UriPartial.Authority)),
        ["Lookout__CorsMaxAgeSeconds"] = "600",
        // One host serves every suite here, so more than an hour's worth of NewIssue events comes from one process;
        // the throttle has tests of its own (NewIssueThrottlePipelineTests, NewIssueAlertsTests).
        ["Lookout__NewIssueAlertsPerHour"] = "100000",
        // Polls an empty queue often (tests wait less); everything else is host.json's.
        [QueueSetting("maxPollingInterval")] = "00:00:00.200",
        ["Lookout__WriteKey"] = WriteKey,
        ["Lookout__Alerts__Targets__0__Url"] = Receiver?.Url("/json").ToString() ?? "",
        ["Lookout__Alerts__Targets__0__Format"] = "json",
        ["Lookout__Alerts__MaxPerHour"] = "100000",
    };

    public override async Task InitializeAsync()
    {
        if (Support.FunctionsHost.Unavailable is not null)
            return;
        AppFolder = await FunctionAppPublish.FolderAsync();
        Receiver = await Alerts.WebhookReceiver.StartAsync();
        if (ChromiumBrowser.FindExecutable() is not null)
        {
            Certificate = TestCertificate.Create();
            Site = await ReportSite.StartAsync(Certificate, new Uri($"http://127.0.0.1:{_port}/api/reports"));
        }
        await base.InitializeAsync();
    }

    protected override async Task<ILookoutHost> StartHostAsync() =>
        await Support.FunctionsHost.StartAsync(AppFolder, Azurite.ConnectionString, new Dictionary<string, string>(AppSettings), _port);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Receiver is not null)
            await Receiver.DisposeAsync();
        if (Site is not null)
            await Site.DisposeAsync();
        Certificate?.Dispose();
    }
}

/// <summary>A second host on a persistent Azurite of its own, which the outage test stops and starts again.</summary>
public sealed class FunctionsHostOutagePipeline : LookoutPipeline
{
    public override string QueueName => QueueNames.Raw;
    protected override bool PersistentAzurite => true;

    protected override IDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Lookout__RetryAfterSeconds"] = "7",
        [QueueSetting("maxPollingInterval")] = "00:00:00.200",
        [QueueSetting("visibilityTimeout")] = "00:00:01",
    };

    public override async Task InitializeAsync()
    {
        if (Support.FunctionsHost.Unavailable is null)
            await base.InitializeAsync();
    }

    protected override async Task<ILookoutHost> StartHostAsync() =>
        await Support.FunctionsHost.StartAsync(await FunctionAppPublish.FolderAsync(), Azurite.ConnectionString, new Dictionary<string, string>(AppSettings));
}
