namespace Lookout.Tests.Pipeline.Harness;

/// <summary>Awaits a condition that becomes true asynchronously (rows appearing), polling briefly.</summary>
public static class Eventually
{
    public static async Task<T> MatchAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? timeout = null, string? what = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        var last = await probe();
        while (!done(last))
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Timed out waiting for {what ?? "condition"}; last value: {Describe(last)}");
            await Task.Delay(100);
            last = await probe();
        }
        return last;
    }

    private static string Describe<T>(T value) => value is System.Collections.ICollection c ? $"{c.Count} items" : $"{value}";
}
