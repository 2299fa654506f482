using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Tether.Server.Push;

/// <summary>
/// Message encryption for Web Push (RFC 8291) in the <c>aes128gcm</c> content coding (RFC 8188): ECDH on P-256 between
/// an ephemeral sender key and the subscriber's key, HKDF-SHA256 keyed with the subscriber's auth secret, and one
/// AES-128-GCM record ending in the 0x02 padding delimiter.
/// </summary>
internal static class WebPushEncryption
{
    /// <summary>The record size written in the header; one record always fits a push message (at most 4096 bytes).</summary>
    public const int RecordSize = 4096;

    /// <summary>Bytes of the header for a P-256 key id: salt (16), rs (4), idlen (1), keyid (65).</summary>
    public const int HeaderLength = 16 + 4 + 1 + PublicKeyLength;

    /// <summary>The largest plaintext that keeps the whole body within the 4096 bytes push services must accept.</summary>
    public const int MaxPlaintextLength = RecordSize - HeaderLength - 1 - TagLength;

    private const int PublicKeyLength = 65;
    private const int TagLength = 16;
    private static readonly byte[] s_keyInfoPrefix = Encoding.ASCII.GetBytes("WebPush: info\0");
    private static readonly byte[] s_cekInfo = Encoding.ASCII.GetBytes("Content-Encoding: aes128gcm\0");
    private static readonly byte[] s_nonceInfo = Encoding.ASCII.GetBytes("Content-Encoding: nonce\0");

    /// <summary>Encrypts with a fresh ephemeral key and a random salt.</summary>
    public static byte[] Encrypt(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> subscriberPublicKey, ReadOnlySpan<byte> authSecret)
    {
        using var ephemeral = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        return Encrypt(plaintext, subscriberPublicKey, authSecret, ephemeral, RandomNumberGenerator.GetBytes(16));
    }

    /// <summary>Encrypts with the given sender key and salt: deterministic, so the RFC's worked example can be checked byte for byte.</summary>
    public static byte[] Encrypt(
        ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> subscriberPublicKey, ReadOnlySpan<byte> authSecret, ECDiffieHellman senderKey, ReadOnlySpan<byte> salt)
    {
        if (plaintext.Length > MaxPlaintextLength)
        {
            throw new ArgumentException($"A push message holds at most {MaxPlaintextLength} bytes.", nameof(plaintext));
        }

        if (salt.Length != 16)
        {
            throw new ArgumentException("The salt must be 16 bytes.", nameof(salt));
        }

        using var subscriber = P256.ImportPublicKey(subscriberPublicKey);
        var senderPublicKey = P256.ExportPublicKey(senderKey);
        var sharedSecret = senderKey.DeriveRawSecretAgreement(subscriber.PublicKey);

        // IKM = HKDF(auth_secret, ecdh_secret, "WebPush: info" || 0x00 || ua_public || as_public, 32)
        byte[] keyInfo = [.. s_keyInfoPrefix, .. subscriberPublicKey, .. senderPublicKey];
        var ikm = HKDF.DeriveKey(HashAlgorithmName.SHA256, sharedSecret, 32, authSecret.ToArray(), keyInfo);
        var prk = HKDF.Extract(HashAlgorithmName.SHA256, ikm, salt.ToArray());
        var contentKey = HKDF.Expand(HashAlgorithmName.SHA256, prk, 16, s_cekInfo);
        var nonce = HKDF.Expand(HashAlgorithmName.SHA256, prk, 12, s_nonceInfo);

        var body = new byte[HeaderLength + plaintext.Length + 1 + TagLength];
        salt.CopyTo(body);
        BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(16), RecordSize);
        body[20] = PublicKeyLength;
        senderPublicKey.CopyTo(body.AsSpan(21));

        // The last (here the only) record ends with the 0x02 delimiter and no further padding.
        var record = new byte[plaintext.Length + 1];
        plaintext.CopyTo(record);
        record[^1] = 0x02;
        using var aes = new AesGcm(contentKey, TagLength);
        aes.Encrypt(nonce, record, body.AsSpan(HeaderLength, record.Length), body.AsSpan(HeaderLength + record.Length, TagLength));
        CryptographicOperations.ZeroMemory(record);
        return body;
    }
}
