using System.Text.Json.Serialization;

namespace Tether.Protocol.Auth;

/// <summary>A one-time login link: opening it signs a browser in as the user who made it.</summary>
public sealed record LoginLinkResource
{
    /// <summary>The link.</summary>
    [JsonPropertyName("url")]
    public required string Url { get; init; }

    /// <summary>When it stops working.</summary>
    [JsonPropertyName("expires_at")]
    public required DateTimeOffset ExpiresAt { get; init; }
}
