using System.Buffers.Text;
using System.Text.Json;
using Tether.Protocol.Environments;

namespace Tether.Bridge.Credentials;

/// <summary>
/// When a session's token expires, as far as the bridge can tell: Tether's explicit work-secret hint, else the
/// <c>exp</c> claim when the token is a JWT (optionally prefixed <c>sk-ant-si-</c>, as reference servers issue them).
/// Opaque tokens without a hint have no known expiry; they are refreshed only after a rejection.
/// </summary>
internal static class TokenExpiry
{
    private const string ReferencePrefix = "sk-ant-si-";

    // A real token is a few hundred bytes; anything far larger is not worth decoding.
    private const int MaxTokenLength = 16 * 1024;

    public static DateTimeOffset? Of(WorkSecret secret) =>
        secret.SessionIngressTokenExpiresAt ?? (TryReadJwtExpiry(secret.SessionIngressToken, out var expiresAt) ? expiresAt : null);

    /// <summary>Reads the <c>exp</c> claim (seconds since the epoch) of a JWT; false for anything that is not one, never an exception.</summary>
    public static bool TryReadJwtExpiry(string? token, out DateTimeOffset expiresAt)
    {
        expiresAt = default;
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength)
        {
            return false;
        }

        var jwt = token.StartsWith(ReferencePrefix, StringComparison.Ordinal) ? token[ReferencePrefix.Length..] : token;
        var parts = jwt.Split('.');
        if (parts.Length != 3 || parts[1].Length == 0 || !Base64Url.IsValid(parts[1], out var length))
        {
            return false;
        }

        var payload = new byte[length];
        if (!Base64Url.TryDecodeFromChars(parts[1], payload, out var written))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(payload.AsMemory(0, written));
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("exp", out var exp)
                || exp.ValueKind != JsonValueKind.Number
                || !exp.TryGetDouble(out var seconds)
                || !double.IsFinite(seconds)
                || seconds <= 0
                || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
            {
                return false;
            }

            expiresAt = DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000));
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
