using System.Security.Cryptography;

namespace Tether.Server.Push;

/// <summary>The server's VAPID signing key (RFC 8292) and its public point, as browsers take it for <c>applicationServerKey</c>.</summary>
internal sealed class VapidKey(ECDsa signingKey) : IDisposable
{
    public ECDsa SigningKey { get; } = signingKey;

    /// <summary>The uncompressed public point (65 bytes).</summary>
    public byte[] PublicKey { get; } = P256.ExportPublicKey(signingKey);

    public void Dispose() => SigningKey.Dispose();
}
