using Lookout.Tests.Support;

namespace Lookout.Tests.Scripts;

/// <summary>The gen0 budget the reliability suite measures with is the one run-local.sh gives the app.</summary>
public class GcBudgetTests
{
    [Fact]
    public void Run_local_exports_the_gen0_budget_the_benchmarks_and_tests_run_with()
    {
        var script = File.ReadAllText(Path.Combine(RepoPaths.Root, "run-local.sh"));
        var (name, value) = LookoutApp.Gen0Budget;
        Assert.Contains($"export {name}=\"${{{name}:-{value}}}\"", script, StringComparison.Ordinal);
        // Exported before the app starts, not after.
        Assert.True(script.IndexOf($"export {name}=", StringComparison.Ordinal) < script.IndexOf("dotnet \"$STATE/bin/$APP_DLL\"", StringComparison.Ordinal));
    }
}
