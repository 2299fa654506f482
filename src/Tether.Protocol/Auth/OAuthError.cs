using System.Text.Json.Serialization;

namespace Tether.Protocol.Auth;

/// <summary>An OAuth error answer (RFC 6749 §5.2, RFC 8628 §3.5): <c>{"error":…,"error_description":…}</c>.</summary>
public sealed record OAuthError
{
    /// <summary>The user has not acted yet: poll again after the interval.</summary>
    public const string AuthorizationPending = "authorization_pending";

    /// <summary>Polled too fast: add 5 seconds to the interval.</summary>
    public const string SlowDown = "slow_down";

    /// <summary>The device code expired: start over.</summary>
    public const string ExpiredToken = "expired_token";

    /// <summary>The user denied the login.</summary>
    public const string AccessDenied = "access_denied";

    /// <summary>Unknown or already exchanged device code.</summary>
    public const string InvalidGrant = "invalid_grant";

    /// <summary>A grant type other than the device code.</summary>
    public const string UnsupportedGrantType = "unsupported_grant_type";

    /// <summary>A malformed request.</summary>
    public const string InvalidRequest = "invalid_request";

    /// <summary>An unknown scope was asked for.</summary>
    public const string InvalidScope = "invalid_scope";

    /// <summary>One of the codes above.</summary>
    [JsonPropertyName("error")]
    public required string Error { get; init; }

    /// <summary>A human-readable explanation.</summary>
    [JsonPropertyName("error_description")]
    public string? ErrorDescription { get; init; }
}
