using System.Text.Json;

namespace Lookout.Tests.Infra;

public class HostConfigTests
{
    private static JsonElement Host => InfraFiles.Json("host.json").RootElement;

    [Fact]
    public void Host_json_declares_the_custom_handler()
    {
        Assert.Equal("2.0", Host.GetProperty("version").GetString());
        var handler = Host.GetProperty("customHandler");
        Assert.Equal("Lookout.Functions", handler.GetProperty("description").GetProperty("defaultExecutablePath").GetString());
        Assert.True(handler.GetProperty("enableForwardingHttpRequest").GetBoolean());
        var csproj = InfraFiles.Read("Lookout.Functions/Lookout.Functions.csproj");
        Assert.Contains("<AssemblyName>Lookout.Functions</AssemblyName>", csproj);
    }

    [Fact]
    public void Host_json_http_prefix_and_queue_settings_match_the_code()
    {
        var ext = Host.GetProperty("extensions");
        Assert.Equal("api", ext.GetProperty("http").GetProperty("routePrefix").GetString());
        var queues = ext.GetProperty("queues");
        Assert.Equal(InfraFiles.IntDefault("BatchSize"), queues.GetProperty("batchSize").GetInt32());
        Assert.Equal(InfraFiles.IntDefault("MaxDequeueCount"), queues.GetProperty("maxDequeueCount").GetInt32());
        Assert.Equal(TimeSpan.FromSeconds(InfraFiles.IntDefault("RetryDelaySeconds")),
            TimeSpan.Parse(queues.GetProperty("visibilityTimeout").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("base64", queues.GetProperty("messageEncoding").GetString());
    }

    private static JsonElement Binding(string function, string type)
    {
        var bindings = InfraFiles.Json(function + "/function.json").RootElement.GetProperty("bindings");
        return Assert.Single(bindings.EnumerateArray(), b => b.GetProperty("type").GetString() == type);
    }

    [Fact]
    public void Normalize_triggers_on_the_raw_queue_with_the_binding_name_the_code_reads()
    {
        var trigger = Binding("Normalize", "queueTrigger");
        Assert.Equal(InfraFiles.StringDefault("QueueName"), trigger.GetProperty("queueName").GetString());
        Assert.Equal(InfraFiles.Constant("Lookout.Functions/Normalize/NormalizeEndpoint.cs", "BindingName"), trigger.GetProperty("name").GetString());
        Assert.Equal("AzureWebJobsStorage", trigger.GetProperty("connection").GetString());
    }

    [Theory]
    [InlineData("Ingest", "Lookout.Functions/Ingest/IngestEndpoints.cs", new[] { "post", "options" })]
    [InlineData("Health", "Lookout.Functions/Health/HealthEndpoint.cs", new[] { "get" })]
    public void Http_functions_route_to_what_the_app_maps(string function, string source, string[] methods)
    {
        var trigger = Binding(function, "httpTrigger");
        Binding(function, "http");
        var prefix = Host.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString();
        Assert.Equal(InfraFiles.Constant(source, "Route"), "/" + prefix + "/" + trigger.GetProperty("route").GetString());
        Assert.Equal("anonymous", trigger.GetProperty("authLevel").GetString());
        Assert.Equal(methods.OrderBy(m => m), trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToLowerInvariant()).OrderBy(m => m));
    }
}
