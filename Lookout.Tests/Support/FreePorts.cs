using System.Net;
using System.Net.Sockets;

namespace Lookout.Tests.Support;

/// <summary>
/// Free loopback ports. The OS picks an unused port; we remember every port handed out in this
/// process so two callers never get the same one, even before the first binds it.
/// </summary>
public static class FreePorts
{
    private static readonly HashSet<int> Given = [];

    public static int Next()
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            lock (Given)
            {
                if (Given.Add(port))
                    return port;
            }
        }
        throw new InvalidOperationException("No free loopback port found.");
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
