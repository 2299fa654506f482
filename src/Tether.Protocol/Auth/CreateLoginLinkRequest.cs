using System.Text.Json.Serialization;

namespace Tether.Protocol.Auth;

/// <summary>Optional body of <c>POST /v1/auth/login-links</c>.</summary>
public sealed record CreateLoginLinkRequest
{
    /// <summary>How long the link stays valid, in seconds (default 900, at most 900; 120 for phone pairing).</summary>
    [JsonPropertyName("ttl_seconds")]
    public int? TtlSeconds { get; init; }
}
