using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Tether.Testing;

/// <summary>
/// A private CA made for one test: its root is trusted by nobody until a test hands it over (as a PEM file via
/// <see cref="WriteRootPem"/>), and it issues a server certificate for <c>localhost</c> / <c>127.0.0.1</c>.
/// </summary>
public sealed class TestCertificateAuthority : IDisposable
{
    private readonly ECDsa _key;

    private TestCertificateAuthority(ECDsa key, X509Certificate2 root)
    {
        _key = key;
        Root = root;
    }

    /// <summary>The CA's self-signed root (public part and key).</summary>
    public X509Certificate2 Root { get; }

    public static TestCertificateAuthority Create(string name = "Tether Test CA")
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        var now = DateTimeOffset.UtcNow;
        return new TestCertificateAuthority(key, request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1)));
    }

    /// <summary>A server certificate signed by this CA: SAN DNS <c>localhost</c> and IP 127.0.0.1, with its private key.</summary>
    public X509Certificate2 IssueServerCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Root, true, false));
        var now = DateTimeOffset.UtcNow;
        using var issued = request.Create(Root, now.AddMinutes(-5), now.AddHours(12), RandomNumberGenerator.GetBytes(16));
        using var withKey = issued.CopyWithPrivateKey(key);

        // A PKCS#12 round trip gives a certificate whose key every TLS stack (SslStream on any OS) can use.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), password: null);
    }

    /// <summary>HTTPS settings for a <see cref="LoopbackServer"/> with a fresh server certificate from this CA.</summary>
    public LoopbackTls ForLoopbackServer() => new(IssueServerCertificate(), Root);

    /// <summary>Writes the root certificate (no key) as PEM, as a CA bundle file would hold it.</summary>
    public void WriteRootPem(string path) => File.WriteAllText(path, Root.ExportCertificatePem() + "\n");

    public void Dispose()
    {
        Root.Dispose();
        _key.Dispose();
    }
}
