using System.Reflection;
using System.Reflection.PortableExecutable;
using System.Text.Json;
using Lookout.Functions;
using Lookout.Functions.Hosting;
using Lookout.Functions.Storage;
using Lookout.Standalone;
using Lookout.Tests.Support;
using Microsoft.Azure.Functions.Worker;

namespace Lookout.Tests.Infra;

/// <summary>
/// The published function app agrees with the code: the generated functions.metadata declares the routes,
/// methods, queue and connection the code uses, the standalone host serves exactly those routes, and the
/// poller's queue rules are host.json's.
/// </summary>
public class FunctionAppContractTests
{
    private static async Task<JsonElement[]> MetadataAsync()
    {
        var text = await File.ReadAllTextAsync(Path.Combine(await FunctionAppPublish.FolderAsync(), "functions.metadata"));
        return JsonDocument.Parse(text).RootElement.EnumerateArray().ToArray();
    }

    private static JsonElement Function(JsonElement[] metadata, string name) =>
        Assert.Single(metadata, f => f.GetProperty("name").GetString() == name);

    private static JsonElement Trigger(JsonElement function) =>
        Assert.Single(function.GetProperty("bindings").EnumerateArray(), b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));

    private static JsonElement HostJson => JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "host.json"))).RootElement;

    [Fact]
    public async Task Publish_folder_is_an_isolated_worker_app_compiled_ready_to_run()
    {
        var folder = await FunctionAppPublish.FolderAsync();
        foreach (var file in new[] { "host.json", "functions.metadata", "worker.config.json", "Lookout.Functions.dll", "Lookout.Core.dll" })
            Assert.True(File.Exists(Path.Combine(folder, file)), $"{file} missing from the publish folder");
        Assert.True(Directory.Exists(Path.Combine(folder, ".azurefunctions")), ".azurefunctions missing from the publish folder");
        Assert.Empty(Directory.GetFiles(folder, "function.json", SearchOption.AllDirectories));
        Assert.Equal(File.ReadAllText(Path.Combine(RepoPaths.Root, "host.json")), File.ReadAllText(Path.Combine(folder, "host.json")));

        using var worker = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "worker.config.json")));
        Assert.Equal("dotnet-isolated", worker.RootElement.GetProperty("description").GetProperty("language").GetString());

        // ReadyToRun: the assembly carries precompiled native code (a managed-native header).
        using var pe = new PEReader(File.OpenRead(Path.Combine(folder, "Lookout.Functions.dll")));
        Assert.True(pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0, "Lookout.Functions.dll is not ReadyToRun");
    }

    [Fact]
    public async Task Metadata_declares_exactly_the_functions_of_the_code()
    {
        var declared = typeof(LookoutServices).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods())
            .Select(m => m.GetCustomAttribute<FunctionAttribute>()?.Name)
            .OfType<string>()
            .Order();
        Assert.Equal(["Dashboard", "DashboardFiles", "DeliverAlert", "Health", "Ingest", "Normalize", "RateAlerts", "ReadCounts", "ReadIssues", "ReadKinds",
            "ReadPolicies", "ReadPolicy", "ReadReport", "ReadReports", "ReadSetup", "ReadTopIssues", "ReadTriage", "ReadTriageRules", "Retention", "Triage", "TriageRules"], declared);
        Assert.Equal(declared, (await MetadataAsync()).Select(f => f.GetProperty("name").GetString()!).Order());
    }

    [Fact]
    public async Task Every_http_route_of_the_metadata_is_one_of_the_declared_routes()
    {
        var routes = (await MetadataAsync())
            .SelectMany(f => f.GetProperty("bindings").EnumerateArray())
            .Where(b => b.GetProperty("type").GetString() == "httpTrigger")
            .Select(b => b.GetProperty("route").GetString()!)
            .Order();
        Assert.Equal(Routes.All.Order(), routes);
    }

    [Trait("Category", "Slow")] // left out of ./test.sh --quick
    [Fact]
    public async Task Normalize_triggers_on_the_raw_queue_through_the_storage_connection()
    {
        var trigger = Trigger(Function(await MetadataAsync(), "Normalize"));
        Assert.Equal("queueTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal(QueueNames.Raw, trigger.GetProperty("queueName").GetString());
        Assert.Equal(new LookoutOptions().QueueName, trigger.GetProperty("queueName").GetString());
        Assert.Equal(StorageRegistration.ConnectionName, trigger.GetProperty("connection").GetString());
        Assert.Equal("AzureWebJobsStorage", trigger.GetProperty("connection").GetString());
    }

    [Fact]
    public async Task Retention_is_a_daily_timer_with_the_schedule_the_standalone_host_runs()
    {
        var trigger = Trigger(Function(await MetadataAsync(), Lookout.Functions.Retention.RetentionFunction.Name));
        Assert.Equal("timerTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("0 30 3 * * *", trigger.GetProperty("schedule").GetString());
        var standalone = Assert.Single(TimerFunctions.Discover(), f => f.Name == Lookout.Functions.Retention.RetentionFunction.Name);
        Assert.Equal(trigger.GetProperty("schedule").GetString(), standalone.Schedule);
    }

    [Fact]
    public async Task Alerts_are_delivered_from_the_alerts_queue_and_rate_rules_run_every_five_minutes()
    {
        var metadata = await MetadataAsync();
        var deliver = Trigger(Function(metadata, Lookout.Functions.Alerts.AlertDeliveryFunction.Name));
        Assert.Equal("queueTrigger", deliver.GetProperty("type").GetString());
        Assert.Equal("lookout-alerts", deliver.GetProperty("queueName").GetString());
        Assert.Equal(new LookoutOptions().Alerts.QueueName, deliver.GetProperty("queueName").GetString());
        Assert.Equal(StorageRegistration.ConnectionName, deliver.GetProperty("connection").GetString());
        // The standalone host polls every queue function's queue, this one included.
        Assert.Equal(["lookout-alerts", "lookout-raw"], QueueFunction.Discover().Select(f => f.TriggerQueue).Order());

        var rates = Trigger(Function(metadata, Lookout.Functions.Alerts.RateAlertsFunction.Name));
        Assert.Equal("timerTrigger", rates.GetProperty("type").GetString());
        Assert.Equal("0 */5 * * * *", rates.GetProperty("schedule").GetString());
        Assert.Equal(rates.GetProperty("schedule").GetString(), Assert.Single(TimerFunctions.Discover(), f => f.Name == "RateAlerts").Schedule);
    }

    [Fact]
    public async Task Triage_is_open_at_the_host_because_it_checks_its_own_write_key()
    {
        var trigger = Trigger(Function(await MetadataAsync(), Lookout.Functions.Triage.TriageFunctions.SetName));
        Assert.Equal("Anonymous", trigger.GetProperty("authLevel").GetString());
        Assert.Equal("triage", trigger.GetProperty("route").GetString());
        Assert.Equal(["POST"], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToUpperInvariant()));
        // What it refuses (401 without the write key, 403 with a read key): AlertRulesTests, on the real host.
    }

    [Theory]
    [InlineData("Ingest", "reports", new[] { "OPTIONS", "POST" })]
    [InlineData("Health", "health", new[] { "GET" })]
    // Only the dashboard's loader page (markup and a script that asks for the key, no data) is open.
    [InlineData("Dashboard", "dashboard", new[] { "GET" })]
    public async Task Http_functions_are_anonymous_on_their_routes_and_served_the_same_standalone(string name, string route, string[] methods)
    {
        var trigger = Trigger(Function(await MetadataAsync(), name));
        Assert.Equal("httpTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("Anonymous", trigger.GetProperty("authLevel").GetString());
        Assert.Equal(route, trigger.GetProperty("route").GetString());
        Assert.Equal(methods, trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToUpperInvariant()).Order());

        var standalone = Assert.Single(HttpFunctionRoutes.Discover(), f => f.Name == name);
        Assert.Equal(route, standalone.Route);
        Assert.Equal(methods, standalone.Methods.Order());
    }

    [Theory]
    [InlineData("ReadIssues", "read/issues")]
    [InlineData("ReadTopIssues", "read/top")]
    [InlineData("ReadCounts", "read/counts")]
    [InlineData("ReadReports", "read/reports")]
    [InlineData("ReadReport", "read/report")]
    [InlineData("ReadKinds", "read/kinds")]
    [InlineData("ReadSetup", "read/setup")]
    [InlineData("DashboardFiles", "dashboard/app/{*path}")]
    [InlineData("ReadTriage", "read/triage")]
    [InlineData("ReadTriageRules", "read/triage/rules")]
    public async Task Read_functions_need_a_function_key_and_the_standalone_host_enforces_it(string name, string route)
    {
        var trigger = Trigger(Function(await MetadataAsync(), name));
        Assert.Equal("httpTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("Function", trigger.GetProperty("authLevel").GetString());
        Assert.Equal(route, trigger.GetProperty("route").GetString());
        Assert.Equal(["GET"], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToUpperInvariant()));

        var standalone = Assert.Single(HttpFunctionRoutes.Discover(), f => f.Name == name);
        Assert.Equal(AuthorizationLevel.Function, standalone.Level);
        Assert.Equal(route, standalone.Route);
    }

    [Fact]
    public void Every_http_function_but_ingest_health_and_the_dashboard_loader_needs_a_key()
    {
        var open = HttpFunctionRoutes.Discover().Where(f => f.Level == AuthorizationLevel.Anonymous).Select(f => f.Name).Order();
        // Triage checks its own write key (Lookout__WriteKey), which no read or function key can stand in for.
        Assert.Equal(["Dashboard", "Health", "Ingest", "Triage", "TriageRules"], open);
    }

    [Fact]
    public async Task The_published_app_carries_the_dashboard_and_chart_js()
    {
        var folder = await FunctionAppPublish.FolderAsync();
        foreach (var file in new[] { "index.html", "app/app.js", "app/app.css", "app/vendor/chart.umd.min.js" })
            Assert.True(File.Exists(Path.Combine(folder, "dashboard", file)), $"dashboard/{file} missing from the publish folder");
        // The very file npm installed at the version package-lock.json pins.
        using var lockFile = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "package-lock.json")));
        var version = lockFile.RootElement.GetProperty("packages").GetProperty("node_modules/chart.js").GetProperty("version").GetString();
        var chart = File.ReadAllText(Path.Combine(folder, "dashboard", "app", "vendor", "chart.umd.min.js"));
        Assert.Contains("Chart.js v" + version, chart);
    }

    [Fact]
    public async Task The_standalone_host_serves_no_route_the_function_app_lacks()
    {
        var http = (await MetadataAsync()).Where(f => Trigger(f).GetProperty("type").GetString() == "httpTrigger")
            .Select(f => f.GetProperty("name").GetString()).Order();
        Assert.Equal(http, HttpFunctionRoutes.Discover().Select(f => f.Name).Order());
        Assert.Equal("api", HostJson.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
    }

    [Fact]
    public void The_poller_takes_its_queue_rules_from_host_json()
    {
        var queues = HostJson.GetProperty("extensions").GetProperty("queues");
        var settings = QueueTriggerSettings.Load(RepoPaths.Root);
        Assert.Equal(queues.GetProperty("batchSize").GetInt32(), settings.BatchSize);
        Assert.Equal(queues.GetProperty("newBatchThreshold").GetInt32(), settings.NewBatchThreshold);
        Assert.Equal(queues.GetProperty("maxDequeueCount").GetInt32(), settings.MaxDequeueCount);
        Assert.Equal(TimeSpan.Parse(queues.GetProperty("maxPollingInterval").GetString()!, System.Globalization.CultureInfo.InvariantCulture), settings.MaxPollingInterval);
        Assert.Equal(TimeSpan.Parse(queues.GetProperty("visibilityTimeout").GetString()!, System.Globalization.CultureInfo.InvariantCulture), settings.VisibilityTimeout);
        Assert.Equal("base64", queues.GetProperty("messageEncoding").GetString());
        // The standalone host reads the copy beside its assembly: the same file.
        Assert.Equal(File.ReadAllText(Path.Combine(RepoPaths.Root, "host.json")), File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "host.json")));
    }

    [Fact]
    public void Host_setting_overrides_reach_the_poller_as_they_reach_the_host()
    {
        var settings = QueueTriggerSettings.Load(RepoPaths.Root, new Dictionary<string, string?>
        {
            ["extensions:queues:maxDequeueCount"] = "2",
            ["extensions:queues:visibilityTimeout"] = "00:00:00",
        });
        Assert.Equal(2, settings.MaxDequeueCount);
        Assert.Equal(TimeSpan.Zero, settings.VisibilityTimeout);
    }

    [Theory]
    [InlineData("batchSize", "64", "batchSize")]
    [InlineData("maxDequeueCount", "0", "maxDequeueCount")]
    [InlineData("messageEncoding", "none", "base64")]
    public void Queue_rules_Ingest_cannot_work_with_fail_at_startup(string name, string value, string named)
    {
        var e = Assert.Throws<InvalidOperationException>(() => QueueTriggerSettings.Load(RepoPaths.Root,
            new Dictionary<string, string?> { ["extensions:queues:" + name] = value }));
        Assert.Contains(named, e.Message);
    }
}
