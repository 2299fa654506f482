using System.Text.Json.Serialization;

namespace Tether.Protocol.Environments;

/// <summary>One entry of <see cref="WorkSecret.Auth"/>.</summary>
public sealed record WorkSecretAuth
{
    /// <summary>The credential kind.</summary>
    [JsonPropertyName("type")]
    public required string Type { get; init; }

    /// <summary>The credential.</summary>
    [JsonPropertyName("token")]
    public required string Token { get; init; }
}
