using System.Net;
using System.Net.Sockets;

namespace Lookout.Tests.Support;

/// <summary>
/// Free loopback ports. We remember every port handed out in this process so two callers never get the same one,
/// even before the first binds it. On Linux the ports come from below the kernel's ephemeral range
/// (<c>ip_local_port_range</c>): the OS gives ports from that range to every outgoing connection, so a port taken
/// from it can be taken again by some connection before the child process binds it (seen in CI: Azurite's
/// EADDRINUSE). Below the range only explicit binds compete, and each candidate is bound once to check it is free.
/// </summary>
public static class FreePorts
{
    private static readonly HashSet<int> Given = [];
    private static readonly (int Low, int High)? Below = PortsBelowEphemeralRange();

    public static int Next()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Below is var (low, high) ? Random.Shared.Next(low, high) : 0;
            try
            {
                var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                port = ((IPEndPoint)listener.LocalEndpoint).Port;
                listener.Stop();
            }
            catch (SocketException)
            {
                continue; // in use
            }
            lock (Given)
            {
                if (Given.Add(port))
                    return port;
            }
        }
        throw new InvalidOperationException("No free loopback port found.");
    }

    /// <summary>[10000, first ephemeral port), when the kernel says where its ephemeral range starts and that leaves room.</summary>
    private static (int, int)? PortsBelowEphemeralRange()
    {
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            return int.TryParse(range[0], out var first) && first > 12000 ? (10000, first) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or IndexOutOfRangeException)
        {
            return null; // not Linux: the OS picks
        }
    }

    /// <summary>Waits until something accepts connections on the loopback port (polled, never a fixed sleep).</summary>
    public static async Task WaitOpenAsync(int port, TimeSpan timeout, Func<string>? diagnostics = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(20);
            }
        }
        throw new TimeoutException($"Nothing listens on port {port} after {timeout.TotalSeconds} s. {diagnostics?.Invoke()}");
    }
}
