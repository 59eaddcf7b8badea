using Lookout.Tests.Support;
using Xunit.Abstractions;

namespace Lookout.Tests.Dashboard;

/// <summary>Dashboard screenshots in TestResults/dashboard/, each checked for a real rendering first.</summary>
internal static class Screenshots
{
    private static readonly string Folder = Path.Combine(RepoPaths.Root, "TestResults", "dashboard");

    public static async Task TakeAsync(DevToolsPage tab, string name, ITestOutputHelper output)
    {
        var path = Path.Combine(Folder, name + ".png");
        // Every value rendered as text, none as a stringified object.
        Assert.DoesNotContain("[object", await tab.TextAsync("document.body.innerText"));
        var png = await tab.ScreenshotAsync(path);
        Assert.True(png.Length > 10_000, $"{name}.png is only {png.Length} bytes");
        output.WriteLine("screenshot: " + path);
    }
}
