using System.Text.Json.Serialization;

namespace Tether.Server.Sharing;

/// <summary>One person a session is shared with.</summary>
internal sealed record SessionShare(
    [property: JsonPropertyName("user_id")] string UserId,
    [property: JsonPropertyName("email")] string Email,
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("granted_by")] string GrantedBy,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt);
