using Lookout.Functions.Hosting;
using Lookout.Functions.Triage;
using Lookout.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Lookout.Tests.Triage;

/// <summary>Runtime noise rules when storage stops answering: Normalize keeps the rules it read last.</summary>
public sealed class RuntimeNoiseRulesTests
{
    [Trait("Category", "Slow")] // its own Azurite, stopped mid-test
    [Fact]
    public async Task A_storage_outage_keeps_the_last_rules_read_and_a_first_read_that_fails_still_fails()
    {
        var azurite = await AzuriteServer.StartAsync();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Lookout:TriageTableName"] = "triage" + Guid.NewGuid().ToString("N")[..10],
        }).Build();
        var services = new ServiceCollection().AddLookout(configuration);
        services.AddSingleton<TimeProvider>(time);
        await using var provider = services.BuildServiceProvider();
        var rules = provider.GetRequiredService<RuntimeNoiseRules>();
        await rules.SetAsync("extensions: flag when blocked ^= chrome-extension:", CancellationToken.None);

        // A second instance, which has read nothing yet, and this one, which has the rule in hand.
        var fresh = ActivatorUtilities.CreateInstance<RuntimeNoiseRules>(provider);
        await azurite.DisposeAsync();
        time.Advance(RuntimeNoiseRules.RefreshInterval + TimeSpan.FromSeconds(1));

        var kept = await rules.PolicyAsync(CancellationToken.None);
        Assert.Contains(kept.Rules, r => r.Name == "extensions");
        // Without any rules read, classifying would drop the runtime rules silently: the message must fail instead.
        await Assert.ThrowsAnyAsync<Exception>(() => fresh.PolicyAsync(CancellationToken.None));
    }
}
