using System.Text.Json.Serialization;

namespace Tether.Protocol.Auth;

/// <summary>Answer to <c>GET /v1/auth/me</c>: who the credential belongs to and what it may do.</summary>
public sealed record MeResource
{
    /// <summary>The user's id.</summary>
    [JsonPropertyName("user_id")]
    public required string UserId { get; init; }

    /// <summary>The user's email.</summary>
    [JsonPropertyName("email")]
    public required string Email { get; init; }

    /// <summary>The user's display name.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>The org the credential acts in.</summary>
    [JsonPropertyName("org_id")]
    public required string OrgId { get; init; }

    /// <summary><c>owner</c>, <c>admin</c> or <c>member</c>.</summary>
    [JsonPropertyName("role")]
    public required string Role { get; init; }

    /// <summary>The credential's scopes.</summary>
    [JsonPropertyName("scopes")]
    public required IReadOnlyList<string> Scopes { get; init; }

    /// <summary><c>api_token</c> or <c>web_session</c>.</summary>
    [JsonPropertyName("credential")]
    public required string Credential { get; init; }
}
