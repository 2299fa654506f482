using System.Security.Cryptography.X509Certificates;

namespace Tether.Testing;

/// <summary>HTTPS for a <see cref="LoopbackServer"/>: the certificate Kestrel presents and the root its test clients trust.</summary>
/// <param name="ServerCertificate">The server's certificate with its private key.</param>
/// <param name="TrustedRoot">The CA root that <see cref="LoopbackServer.CreateClient"/> trusts (the system store does not know it).</param>
public sealed record LoopbackTls(X509Certificate2 ServerCertificate, X509Certificate2 TrustedRoot);
