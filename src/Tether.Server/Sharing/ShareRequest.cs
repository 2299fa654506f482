using System.Text.Json.Serialization;

namespace Tether.Server.Sharing;

/// <summary>Body of <c>PUT /v1/sessions/{id}/shares</c>: whom (by email or user id) and in which role.</summary>
internal sealed record ShareRequest(
    [property: JsonPropertyName("email")] string? Email,
    [property: JsonPropertyName("user_id")] string? UserId,
    [property: JsonPropertyName("role")] string? Role);
