using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Tether.Server.Push;

/// <summary>
/// The <c>Authorization: vapid t=…, k=…</c> header of RFC 8292: an ES256 JWT naming the push service's origin
/// (<c>aud</c>), an expiry within 24 hours (<c>exp</c>) and a contact (<c>sub</c>), plus the server's public key.
/// </summary>
internal static class VapidAuthorization
{
    /// <summary>RFC 8292 caps the token's lifetime at 24 hours; a shorter one limits the damage if a push service leaks it.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    public static string Create(VapidKey key, Uri endpoint, string subject, DateTimeOffset now)
    {
        var audience = endpoint.GetLeftPart(UriPartial.Authority);
        var header = Base64Url.EncodeToString("""{"typ":"JWT","alg":"ES256"}"""u8);
        var claims = Base64Url.EncodeToString(Claims(audience, now.Add(Lifetime).ToUnixTimeSeconds(), subject));
        var signingInput = $"{header}.{claims}";
        // ES256 is the raw r||s form (IEEE P1363), which is what SignData produces by default.
        var signature = key.SigningKey.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256);
        return $"vapid t={signingInput}.{Base64Url.EncodeToString(signature)}, k={Base64Url.EncodeToString(key.PublicKey)}";
    }

    private static byte[] Claims(string audience, long expires, string subject)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("aud", audience);
            writer.WriteNumber("exp", expires);
            writer.WriteString("sub", subject);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
