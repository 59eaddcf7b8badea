using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Lookout.Tests.Browser;

/// <summary>
/// A throwaway self-signed certificate for 127.0.0.1/localhost, made in-process for one test run and
/// never written anywhere but a temp dir. Chromium accepts it through
/// <c>--ignore-certificate-errors-spki-list=<see cref="SpkiHash"/></c>.
/// </summary>
public sealed class TestCertificate : IDisposable
{
    private readonly string _keyPem;

    private TestCertificate(X509Certificate2 certificate, string keyPem)
    {
        Certificate = certificate;
        _keyPem = keyPem;
        SpkiHash = Convert.ToBase64String(SHA256.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo()));
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>Base64 SHA-256 of the SubjectPublicKeyInfo, as Chromium's SPKI flag wants it.</summary>
    public string SpkiHash { get; }

    /// <param name="dnsName">Another host name the certificate is for (besides localhost and 127.0.0.1).</param>
    public static TestCertificate Create(string? dnsName = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        if (dnsName is not null) san.AddDnsName(dnsName);
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        using var selfSigned = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(7));
        // Round-trip through PKCS#12 so the private key is usable by SslStream on every platform.
        var certificate = X509CertificateLoader.LoadPkcs12(selfSigned.Export(X509ContentType.Pkcs12), null);
        return new TestCertificate(certificate, key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>Writes cert.pem and key.pem into <paramref name="directory"/>.</summary>
    public (string CertificatePath, string KeyPath) WritePem(string directory)
    {
        Directory.CreateDirectory(directory);
        var certPath = Path.Combine(directory, "cert.pem");
        var keyPath = Path.Combine(directory, "key.pem");
        File.WriteAllText(certPath, Certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, _keyPem);
        return (certPath, keyPath);
    }

    /// <summary>
    /// Environment settings that make any Kestrel app (Lookout standalone) serve HTTPS with this
    /// certificate, written as PEM into <paramref name="directory"/>.
    /// </summary>
    public IDictionary<string, string> KestrelSettings(string directory)
    {
        var (cert, key) = WritePem(directory);
        return new Dictionary<string, string>
        {
            ["Kestrel__Certificates__Default__Path"] = cert,
            ["Kestrel__Certificates__Default__KeyPath"] = key,
        };
    }

    public void Dispose() => Certificate.Dispose();
}
