namespace Lookout.Tests.Support;

/// <summary>
/// A running Lookout as the end-to-end suites see it, whichever host runs the functions: where it answers,
/// what it logged, and how to end it. <see cref="LookoutApp"/> is the standalone host, <see cref="FunctionsHost"/>
/// the Azure Functions host with the published app.
/// </summary>
public interface ILookoutHost : IAsyncDisposable
{
    Uri BaseUrl { get; }
    Uri ReportsUrl => new(BaseUrl, "/api/reports");
    Uri HealthUrl => new(BaseUrl, "/api/health");

    /// <summary>Everything the host (and, under the Functions host, its worker) wrote to stdout and stderr.</summary>
    string Output { get; }

    /// <summary>The processes, for their log lines with arrival times and their memory.</summary>
    ChildProcess Process { get; }

    /// <summary>Ends the host at once (SIGKILL), as a crash or an OOM kill would.</summary>
    Task KillAsync();
}
