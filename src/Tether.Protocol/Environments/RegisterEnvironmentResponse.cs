using System.Text.Json.Serialization;

namespace Tether.Protocol.Environments;

/// <summary>Answer to a registration.</summary>
public sealed record RegisterEnvironmentResponse
{
    /// <summary>The environment's id (path-safe).</summary>
    [JsonPropertyName("environment_id")]
    public required string EnvironmentId { get; init; }

    /// <summary>The secret that authenticates <c>GET …/work/poll</c> and nothing else.</summary>
    [JsonPropertyName("environment_secret")]
    public required string EnvironmentSecret { get; init; }
}
