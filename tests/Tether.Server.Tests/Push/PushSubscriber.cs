using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Tether.Server.Tests.Push;

/// <summary>
/// The browser's side of Web Push, written from RFC 8291 independently of the server's code: a P-256 key pair and a
/// 16-byte auth secret, and decryption of an <c>aes128gcm</c> message body.
/// </summary>
internal sealed class PushSubscriber : IDisposable
{
    private readonly ECDiffieHellman _key;

    public PushSubscriber(string endpoint)
        : this(endpoint, ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256), RandomNumberGenerator.GetBytes(16))
    {
    }

    public PushSubscriber(string endpoint, ECDiffieHellman key, byte[] authSecret)
    {
        Endpoint = endpoint;
        _key = key;
        AuthSecret = authSecret;
        var q = key.ExportParameters(false).Q;
        PublicKey = [0x04, .. q.X!, .. q.Y!];
    }

    public string Endpoint { get; }

    public byte[] PublicKey { get; }

    public byte[] AuthSecret { get; }

    /// <summary>The JSON <c>PushSubscription.toJSON()</c> gives.</summary>
    public string SubscriptionJson() => new JsonObject
    {
        ["endpoint"] = Endpoint,
        ["expirationTime"] = null,
        ["keys"] = new JsonObject { ["p256dh"] = Base64Url.EncodeToString(PublicKey), ["auth"] = Base64Url.EncodeToString(AuthSecret) },
    }.ToJsonString();

    public byte[] Decrypt(byte[] body)
    {
        var salt = body.AsSpan(0, 16).ToArray();
        var recordSize = BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(16, 4));
        int idLength = body[20];
        var senderPublicKey = body.AsSpan(21, idLength).ToArray();
        var ciphertext = body.AsSpan(21 + idLength);
        Assert.Equal(65, idLength);
        Assert.True(ciphertext.Length <= recordSize, "one record only");

        using var sender = ECDiffieHellman.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = senderPublicKey[1..33], Y = senderPublicKey[33..65] },
        });
        var secret = _key.DeriveRawSecretAgreement(sender.PublicKey);
        var ikm = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, AuthSecret, [.. "WebPush: info\0"u8, .. PublicKey, .. senderPublicKey]);
        var prk = HKDF.Extract(HashAlgorithmName.SHA256, ikm, salt);
        var cek = HKDF.Expand(HashAlgorithmName.SHA256, prk, 16, "Content-Encoding: aes128gcm\0"u8.ToArray());
        var nonce = HKDF.Expand(HashAlgorithmName.SHA256, prk, 12, "Content-Encoding: nonce\0"u8.ToArray());

        var plaintext = new byte[ciphertext.Length - 16];
        using var aes = new AesGcm(cek, 16);
        aes.Decrypt(nonce, ciphertext[..^16], ciphertext[^16..], plaintext);
        var delimiter = Array.FindLastIndex(plaintext, b => b != 0);
        Assert.Equal(0x02, plaintext[delimiter]);
        return plaintext[..delimiter];
    }

    public JsonNode DecryptJson(byte[] body) => JsonNode.Parse(Encoding.UTF8.GetString(Decrypt(body)))!;

    public void Dispose() => _key.Dispose();
}
