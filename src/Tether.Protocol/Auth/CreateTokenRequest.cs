using System.Text.Json.Serialization;

namespace Tether.Protocol.Auth;

/// <summary>Body of <c>POST /v1/auth/tokens</c>.</summary>
public sealed record CreateTokenRequest
{
    /// <summary>A name to recognise the token by.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>Scopes to grant; the caller can only grant scopes it has.</summary>
    [JsonPropertyName("scopes")]
    public IReadOnlyList<string>? Scopes { get; init; }

    /// <summary>Lifetime in days; no value means the token does not expire.</summary>
    [JsonPropertyName("expires_in_days")]
    public int? ExpiresInDays { get; init; }
}
