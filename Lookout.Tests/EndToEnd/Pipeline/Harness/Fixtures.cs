namespace Lookout.Tests.Pipeline.Harness;

public static class Fixtures
{
    public static byte[] Published(string relativePath) =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "published", relativePath));
}
