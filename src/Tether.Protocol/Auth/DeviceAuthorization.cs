using System.Text.Json.Serialization;

namespace Tether.Protocol.Auth;

/// <summary>Answer to <c>POST /v1/auth/device/code</c> (RFC 8628 §3.2).</summary>
public sealed record DeviceAuthorization
{
    /// <summary>The secret the client polls with; only its hash is stored.</summary>
    [JsonPropertyName("device_code")]
    public required string DeviceCode { get; init; }

    /// <summary>What the user types on the approval page, for example <c>BCDF-GHJK</c>.</summary>
    [JsonPropertyName("user_code")]
    public required string UserCode { get; init; }

    /// <summary>The approval page.</summary>
    [JsonPropertyName("verification_uri")]
    public required string VerificationUri { get; init; }

    /// <summary>The approval page with the user code filled in (for QR codes).</summary>
    [JsonPropertyName("verification_uri_complete")]
    public required string VerificationUriComplete { get; init; }

    /// <summary>Seconds until the codes expire.</summary>
    [JsonPropertyName("expires_in")]
    public required int ExpiresIn { get; init; }

    /// <summary>Seconds the client waits between polls.</summary>
    [JsonPropertyName("interval")]
    public required int Interval { get; init; }
}
