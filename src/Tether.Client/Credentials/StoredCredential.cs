using System.Text.Json.Serialization;

namespace Tether.Client.Credentials;

/// <summary>What <c>tether login</c> keeps for one server.</summary>
public sealed record StoredCredential
{
    /// <summary>The API token (a secret).</summary>
    [JsonPropertyName("token")]
    public required string Token { get; init; }

    /// <summary>The org the token acts in.</summary>
    [JsonPropertyName("org_id")]
    public string? OrgId { get; init; }

    /// <summary>The user the token belongs to.</summary>
    [JsonPropertyName("user_id")]
    public string? UserId { get; init; }
}
