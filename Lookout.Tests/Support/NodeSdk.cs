using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Lookout.Tests.Support;

namespace Lookout.Tests.Support;

/// <summary>Runs a Compat/*.mjs script under node (cwd = repo root, so node_modules resolves) with JSON in and out.</summary>
public static class NodeSdk
{
    public static async Task<JsonElement> RunAsync(string script, object input)
    {
        RepoPaths.RequireNodeModule(Path.Combine("@azure", "data-tables"));
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Compat", script));
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(JsonSerializer.Serialize(input));
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        var output = await stdout;
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"node {script} exited with {process.ExitCode}:\n{await stderr}\n{output}");
        using var document = JsonDocument.Parse(output);
        return document.RootElement.Clone();
    }
}
