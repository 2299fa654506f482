using System.Text.Json.Serialization;

namespace Tether.Protocol.Auth;

/// <summary>Answer to <c>GET /v1/auth/tokens</c>.</summary>
public sealed record TokenList
{
    /// <summary>The tokens, oldest first.</summary>
    [JsonPropertyName("data")]
    public required IReadOnlyList<TokenResource> Data { get; init; }
}
