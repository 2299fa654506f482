using System.Security.Cryptography;
using Tether.Server.CodeSessions;

namespace Tether.Server.Push;

/// <summary>
/// The VAPID key pair, generated once per store and kept in <c>server_keys</c> like the worker-JWT key, so every node of a
/// PostgreSQL deployment signs with the same key and subscriptions made through one node work from all of them.
/// </summary>
internal sealed class VapidKeyStore(ServerKeyStore keys) : IDisposable
{
    private const string KeyId = "vapid_p256";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private VapidKey? _key;

    public async Task<VapidKey> GetAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _key) is { } loaded)
        {
            return loaded;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_key is null)
            {
                var d = await keys.GetOrCreateAsync(KeyId, NewPrivateScalar, cancellationToken);
                var signingKey = ECDsa.Create(P256.PrivateParameters(d));
                CryptographicOperations.ZeroMemory(d);
                Volatile.Write(ref _key, new VapidKey(signingKey));
            }

            return _key!;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _key?.Dispose();
        _gate.Dispose();
    }

    private static byte[] NewPrivateScalar()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportParameters(includePrivateParameters: true).D!;
    }
}
