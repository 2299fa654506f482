using System.Text.Json.Serialization;

namespace Tether.Protocol.Auth;

/// <summary>Answer to <c>POST /v1/auth/tokens</c>: the only time the secret is shown.</summary>
public sealed record CreatedToken
{
    /// <summary>The token as it will be listed.</summary>
    [JsonPropertyName("token")]
    public required TokenResource Token { get; init; }

    /// <summary>The secret to send as <c>Authorization: Bearer</c>.</summary>
    [JsonPropertyName("secret")]
    public required string Secret { get; init; }
}
