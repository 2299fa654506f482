using System.Text.Json.Serialization;

namespace Tether.Protocol.Auth;

/// <summary>An API token as listed by <c>GET /v1/auth/tokens</c> (never its secret).</summary>
public sealed record TokenResource
{
    /// <summary>The token's id (<c>tok_…</c>).</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>Its human name.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>The user it acts as.</summary>
    [JsonPropertyName("user_id")]
    public required string UserId { get; init; }

    /// <summary>What it may do.</summary>
    [JsonPropertyName("scopes")]
    public required IReadOnlyList<string> Scopes { get; init; }

    /// <summary>When it was made.</summary>
    [JsonPropertyName("created_at")]
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it stops working, if ever.</summary>
    [JsonPropertyName("expires_at")]
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>When it was revoked, if it was.</summary>
    [JsonPropertyName("revoked_at")]
    public DateTimeOffset? RevokedAt { get; init; }
}
