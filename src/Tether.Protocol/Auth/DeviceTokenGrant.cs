using System.Text.Json.Serialization;

namespace Tether.Protocol.Auth;

/// <summary>The successful answer of <c>POST /v1/auth/device/token</c>: a new API token, given out exactly once.</summary>
public sealed record DeviceTokenGrant
{
    /// <summary>The API token's secret.</summary>
    [JsonPropertyName("access_token")]
    public required string AccessToken { get; init; }

    /// <summary>Always <c>Bearer</c>.</summary>
    [JsonPropertyName("token_type")]
    public string TokenType { get; init; } = "Bearer";

    /// <summary>The granted scopes, space-separated.</summary>
    [JsonPropertyName("scope")]
    public required string Scope { get; init; }

    /// <summary>The org the token acts in.</summary>
    [JsonPropertyName("org_id")]
    public required string OrgId { get; init; }

    /// <summary>The user who approved the login.</summary>
    [JsonPropertyName("user_id")]
    public required string UserId { get; init; }
}
