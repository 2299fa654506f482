using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Tether.Server.Push;

namespace Tether.Server.Tests.Push;

/// <summary>The encryptor against the worked example of RFC 8291 Appendix A, byte for byte.</summary>
public sealed class WebPushEncryptionTests
{
    private const string Plaintext = "When I grow up, I want to be a watermelon";
    private const string SenderPrivate = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw";
    private const string SenderPublic = "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8";
    private const string ReceiverPrivate = "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94";
    private const string ReceiverPublic = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
    private const string AuthSecret = "BTBZMqHH6r4Tts7J_aSIgg";
    private const string Salt = "DGv6ra1nlYgDCS1FRnbzlw";
    private const string Message =
        "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN";

    [Fact]
    public void The_rfc_8291_example_encrypts_to_the_published_bytes()
    {
        using var sender = ECDiffieHellman.Create(P256.PrivateParameters(Base64Url.DecodeFromChars(SenderPrivate)));

        var body = WebPushEncryption.Encrypt(
            Encoding.UTF8.GetBytes(Plaintext), Base64Url.DecodeFromChars(ReceiverPublic), Base64Url.DecodeFromChars(AuthSecret), sender,
            Base64Url.DecodeFromChars(Salt));

        Assert.Equal(SenderPublic, Base64Url.EncodeToString(P256.ExportPublicKey(sender)));
        Assert.Equal(Message, Base64Url.EncodeToString(body));
    }

    [Fact]
    public void The_test_subscriber_decrypts_the_rfc_8291_example()
    {
        var receiverKey = ECDiffieHellman.Create(P256.PrivateParameters(Base64Url.DecodeFromChars(ReceiverPrivate)));
        using var subscriber = new PushSubscriber("https://push.example.com/x", receiverKey, Base64Url.DecodeFromChars(AuthSecret));

        Assert.Equal(ReceiverPublic, Base64Url.EncodeToString(subscriber.PublicKey));
        Assert.Equal(Plaintext, Encoding.UTF8.GetString(subscriber.Decrypt(Base64Url.DecodeFromChars(Message))));
    }

    [Fact]
    public void A_fresh_encryption_uses_a_new_salt_and_key_and_still_decrypts()
    {
        using var subscriber = new PushSubscriber("https://push.example.com/x");

        var first = WebPushEncryption.Encrypt("hello"u8, subscriber.PublicKey, subscriber.AuthSecret);
        var second = WebPushEncryption.Encrypt("hello"u8, subscriber.PublicKey, subscriber.AuthSecret);

        Assert.NotEqual(first[..16], second[..16]);
        Assert.NotEqual(first[21..86], second[21..86]);
        Assert.Equal("hello", Encoding.UTF8.GetString(subscriber.Decrypt(first)));
        Assert.Equal("hello", Encoding.UTF8.GetString(subscriber.Decrypt(second)));
    }

    [Fact]
    public void A_message_too_large_for_one_push_is_refused()
    {
        using var subscriber = new PushSubscriber("https://push.example.com/x");

        var error = Assert.Throws<ArgumentException>(() =>
            WebPushEncryption.Encrypt(new byte[WebPushEncryption.MaxPlaintextLength + 1], subscriber.PublicKey, subscriber.AuthSecret));
        var largest = WebPushEncryption.Encrypt(new byte[WebPushEncryption.MaxPlaintextLength], subscriber.PublicKey, subscriber.AuthSecret);

        Assert.Contains("at most", error.Message);
        Assert.Equal(4096, largest.Length);
    }
}
