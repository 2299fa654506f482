using System.Text.Json.Serialization;

namespace Tether.Protocol.Sessions;

/// <summary>Body of <c>PATCH /v1/sessions/{id}</c>.</summary>
public sealed record UpdateSessionRequest
{
    /// <summary>The new title.</summary>
    [JsonPropertyName("title")]
    public string? Title { get; init; }
}
