using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Tether.Protocol.Json;

namespace Tether.Protocol.Environments;

/// <summary>
/// Encodes and decodes <see cref="WorkSecret"/>: base64url (no padding on output, padding tolerated on input) over
/// UTF-8 JSON. Decoding rejects anything but <c>version</c> 1 with a non-empty <c>session_ingress_token</c> and a string
/// <c>api_base_url</c>, and reports every problem as an error string, never as an exception.
/// </summary>
public static class WorkSecretCodec
{
    /// <summary>The longest encoded secret accepted; real secrets are a few KiB.</summary>
    public const int MaxEncodedLength = 256 * 1024;

    /// <summary>Decodes a work secret.</summary>
    /// <param name="encoded">The base64url text from <see cref="WorkResponse.Secret"/>.</param>
    /// <param name="secret">The secret, when valid.</param>
    /// <param name="error">Why it was rejected, when invalid; empty otherwise. Never contains the token.</param>
    public static bool TryDecode(string? encoded, [NotNullWhen(true)] out WorkSecret? secret, out string error)
    {
        secret = null;
        if (!TryDecodeBase64Url(encoded, out var utf8, out error))
        {
            return false;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8);
        }
        catch (JsonException)
        {
            error = "work secret is not valid JSON";
            return false;
        }

        using (document)
        {
            if (!WorkSecretValidator.TryValidate(document.RootElement, out error))
            {
                return false;
            }

            try
            {
                secret = document.RootElement.Deserialize(TetherJsonContext.Default.WorkSecret);
            }
            catch (JsonException ex)
            {
                error = $"work secret has a malformed field at {ex.Path ?? "$"}";
                return false;
            }
        }

        if (secret is null)
        {
            error = "work secret is null";
            return false;
        }

        error = string.Empty;
        return true;
    }

    /// <summary>Encodes a work secret as unpadded base64url JSON.</summary>
    public static string Encode(WorkSecret secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(secret, TetherJsonContext.Default.WorkSecret));
    }

    private static bool TryDecodeBase64Url(string? encoded, out byte[] utf8, out string error)
    {
        utf8 = [];
        if (string.IsNullOrWhiteSpace(encoded))
        {
            error = "work secret is empty";
            return false;
        }

        if (encoded.Length > MaxEncodedLength)
        {
            error = $"work secret is longer than {MaxEncodedLength} characters";
            return false;
        }

        // Tolerate padding and the standard alphabet: producers differ, and both decode to the same bytes.
        var text = encoded.Trim().TrimEnd('=').Replace('+', '-').Replace('/', '_');
        if (!Base64Url.IsValid(text, out var length))
        {
            error = "work secret is not base64url";
            return false;
        }

        utf8 = new byte[length];
        if (!Base64Url.TryDecodeFromChars(text, utf8, out var written))
        {
            error = "work secret is not base64url";
            return false;
        }

        utf8 = utf8[..written];
        error = string.Empty;
        return true;
    }
}
