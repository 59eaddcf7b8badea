using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Lookout.Tests.Scripts;

/// <summary>
/// Two <c>./run-local.sh</c> instances side by side for the whole collection: plain HTTP, and
/// <c>--https</c> (with the demo site), each on its own free ports and state dir. Started one after the
/// other because both build the app project in place.
/// </summary>
public sealed class LocalRunsFixture : IAsyncLifetime
{
    public LocalRun Http { get; private set; } = null!;
    public LocalRun Https { get; private set; } = null!;

    /// <summary>A file planted in the HTTPS run's Azurite folder before it started with <c>--reset</c>.</summary>
    public string ResetMarker { get; private set; } = null!;

    /// <summary>The certificate planted in the HTTPS run's state dir: valid one more hour only.</summary>
    public X509Certificate2 ExpiringCertificate { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Http = await LocalRun.StartAsync(https: false);
        var httpsState = LocalRun.NewStateDir();
        Directory.CreateDirectory(Path.Combine(httpsState, "azurite"));
        ResetMarker = Path.Combine(httpsState, "azurite", "left-from-before.json");
        await File.WriteAllTextAsync(ResetMarker, "{}");
        ExpiringCertificate = await PlantExpiringCertificateAsync(httpsState);
        Https = await LocalRun.StartAsync(https: true, stateDir: httpsState, extra: "--reset");
    }

    private static async Task<X509Certificate2> PlantExpiringCertificateAsync(string stateDir)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var now = DateTimeOffset.UtcNow;
        var certificate = request.CreateSelfSigned(now.AddDays(-29), now.AddHours(1));
        await File.WriteAllTextAsync(Path.Combine(stateDir, "cert.pem"), certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(Path.Combine(stateDir, "key.pem"), key.ExportPkcs8PrivateKeyPem());
        await File.WriteAllBytesAsync(Path.Combine(stateDir, "cert.pfx"), certificate.Export(X509ContentType.Pkcs12));
        return certificate;
    }

    public async Task DisposeAsync()
    {
        ExpiringCertificate?.Dispose();
        if (Https is not null) await Https.DisposeAsync();
        if (Http is not null) await Http.DisposeAsync();
    }
}

/// <summary>
/// Runs alone, after the parallel collections: run-local.sh builds the app project in place, which must
/// not overlap another test's build or publish of the same projects.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunLocalCollection : ICollectionFixture<LocalRunsFixture>
{
    public const string Name = "run-local";
}
