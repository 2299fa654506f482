using System.Security.Cryptography;

namespace Tether.Server.Push;

/// <summary>P-256 keys in the uncompressed point form Web Push uses (0x04 || X || Y, 65 bytes).</summary>
internal static class P256
{
    public static bool IsValidPublicKey(ReadOnlySpan<byte> point)
    {
        if (point.Length != 65 || point[0] != 0x04)
        {
            return false;
        }

        try
        {
            // Importing checks that the point is on the curve.
            using var key = ImportPublicKey(point);
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    public static ECDiffieHellman ImportPublicKey(ReadOnlySpan<byte> point)
    {
        if (point.Length != 65 || point[0] != 0x04)
        {
            throw new CryptographicException("A P-256 public key is 65 bytes starting with 0x04.");
        }

        return ECDiffieHellman.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = point[1..33].ToArray(), Y = point[33..65].ToArray() },
        });
    }

    public static byte[] ExportPublicKey(AsymmetricAlgorithm key)
    {
        var parameters = key switch
        {
            ECDiffieHellman ecdh => ecdh.ExportParameters(includePrivateParameters: false),
            ECDsa ecdsa => ecdsa.ExportParameters(includePrivateParameters: false),
            _ => throw new ArgumentException("Not an EC key.", nameof(key)),
        };
        return [0x04, .. parameters.Q.X!, .. parameters.Q.Y!];
    }

    /// <summary>Rebuilds a key pair from its private scalar (32 bytes); the public point is derived from it.</summary>
    public static ECParameters PrivateParameters(ReadOnlySpan<byte> d) => new()
    {
        Curve = ECCurve.NamedCurves.nistP256,
        D = d.ToArray(),
    };
}
