using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Lookout.Benchmarks.Support;

/// <summary>One wrk run: requests/s, latency percentiles, and errors, parsed from its report.</summary>
internal sealed record WrkResult(double RequestsPerSecond, double P50Ms, double P99Ms, long Requests, long Non2xx, long SocketErrors)
{
    public override string ToString() =>
        FormattableString.Invariant($"{RequestsPerSecond,9:N0} req/s  p50 {P50Ms,6:N2} ms  p99 {P99Ms,6:N2} ms  ({Requests:N0} requests, {Non2xx} non-2xx, {SocketErrors} socket errors)");
}

internal static partial class Wrk
{
    /// <summary>Writes a wrk Lua script that POSTs one body with one content type.</summary>
    public static string PostScript(byte[] body, string contentType)
    {
        var path = Path.Combine(Path.GetTempPath(), $"lookout-wrk-{Guid.NewGuid():N}.lua");
        // Lua long brackets need a level that does not occur in the body.
        var level = new string('=', 4);
        File.WriteAllText(path,
            $"wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"{contentType}\"\nwrk.body = [{level}[{System.Text.Encoding.UTF8.GetString(body)}]{level}]\n");
        return path;
    }

    public static async Task<WrkResult> RunAsync(Uri url, string script, int threads, int connections, TimeSpan duration)
    {
        var start = new ProcessStartInfo("wrk")
        {
            ArgumentList = { "-t", $"{threads}", "-c", $"{connections}", "-d", $"{(int)duration.TotalSeconds}s", "--latency", "-s", script, url.ToString() },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Start(start);
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"wrk failed: {output}{await process.StandardError.ReadToEndAsync()}");
        return Parse(output);
    }

    private static Process Start(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("wrk is not installed: `sudo apt-get install wrk` (Debian package `wrk`).", e);
        }
    }

    internal static WrkResult Parse(string output)
    {
        double Latency(string percentile)
        {
            var match = Regex.Match(output, $@"^\s*{percentile}%\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
            if (!match.Success) return double.NaN;
            var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            return match.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
        }
        long Number(Regex regex) => regex.Match(output) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;

        var rps = RequestsPerSecond().Match(output);
        var socketErrors = SocketErrors().Match(output);
        long errors = 0;
        if (socketErrors.Success)
            for (var i = 1; i <= 4; i++)
                errors += long.Parse(socketErrors.Groups[i].Value, CultureInfo.InvariantCulture);
        return new WrkResult(
            rps.Success ? double.Parse(rps.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
            Latency("50"), Latency("99"), Number(Requests()), Number(Non2xx()), errors);
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex Requests();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex Non2xx();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrors();
}
