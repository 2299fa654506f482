using System.Text.Json.Serialization;

namespace Tether.Protocol.Environments;

/// <summary>A work item returned by <c>GET /v1/environments/{env}/work/poll</c> (no work is an empty or <c>null</c> body).</summary>
public sealed record WorkResponse
{
    /// <summary>The work id.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>Always <c>work</c>.</summary>
    [JsonPropertyName("type")]
    public string Type { get; init; } = "work";

    /// <summary>The environment the work belongs to.</summary>
    [JsonPropertyName("environment_id")]
    public required string EnvironmentId { get; init; }

    /// <summary>The work item's server-side state.</summary>
    [JsonPropertyName("state")]
    public required string State { get; init; }

    /// <summary>What the work is about.</summary>
    [JsonPropertyName("data")]
    public required WorkData Data { get; init; }

    /// <summary>The base64url work secret; decode with <see cref="WorkSecretCodec"/>.</summary>
    [JsonPropertyName("secret")]
    public required string Secret { get; init; }

    /// <summary>When the work was created.</summary>
    [JsonPropertyName("created_at")]
    public required DateTimeOffset CreatedAt { get; init; }
}
