using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Lookout.Tests.Browser;

public sealed class TestCertificateTests
{
    [Fact]
    public void Pem_files_round_trip_and_the_spki_hash_matches()
    {
        using var cert = TestCertificate.Create();
        var dir = Path.Combine(Path.GetTempPath(), "lookout-cert-" + Guid.NewGuid().ToString("N"));
        try
        {
            var settings = cert.KestrelSettings(dir);
            using var loaded = X509Certificate2.CreateFromPemFile(
                settings["Kestrel__Certificates__Default__Path"], settings["Kestrel__Certificates__Default__KeyPath"]);
            Assert.True(loaded.HasPrivateKey);
            Assert.Equal(cert.Certificate.Thumbprint, loaded.Thumbprint);
            Assert.Equal(cert.SpkiHash, Convert.ToBase64String(SHA256.HashData(loaded.PublicKey.ExportSubjectPublicKeyInfo())));
            Assert.True(loaded.NotBefore < DateTime.Now && loaded.NotAfter > DateTime.Now.AddDays(6));
            Assert.True(loaded.MatchesHostname("localhost"));
            Assert.True(loaded.MatchesHostname("127.0.0.1"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Endpoint_url_carries_the_case_as_site()
    {
        Assert.Equal("https://127.0.0.1:1/api/reports?site=nel", ReportSite.EndpointFor(new Uri("https://127.0.0.1:1/api/reports"), "nel"));
        Assert.Equal("https://h/api/reports?code=k&site=crash", ReportSite.EndpointFor(new Uri("https://h/api/reports?code=k"), "crash"));
    }
}
