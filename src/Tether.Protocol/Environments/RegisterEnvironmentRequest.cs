using System.Text.Json.Serialization;

namespace Tether.Protocol.Environments;

/// <summary>Body of <c>POST /v1/environments/bridge</c>: registers a bridge as an environment (or reuses one).</summary>
public sealed record RegisterEnvironmentRequest
{
    /// <summary>The machine's host name.</summary>
    [JsonPropertyName("machine_name")]
    public required string MachineName { get; init; }

    /// <summary>The directory sessions run in.</summary>
    [JsonPropertyName("directory")]
    public required string Directory { get; init; }

    /// <summary>The checked-out git branch, or empty when none.</summary>
    [JsonPropertyName("branch")]
    public required string Branch { get; init; }

    /// <summary>The origin remote URL, or null when there is none.</summary>
    [JsonPropertyName("git_repo_url")]
    public string? GitRepoUrl { get; init; }

    /// <summary>How many sessions the bridge runs at once.</summary>
    [JsonPropertyName("max_sessions")]
    public required int MaxSessions { get; init; }

    /// <summary>The worker type filter.</summary>
    [JsonPropertyName("metadata")]
    public required EnvironmentMetadata Metadata { get; init; }

    /// <summary>An environment id to reuse; the server may answer with a different one when it expired.</summary>
    [JsonPropertyName("environment_id")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? EnvironmentId { get; init; }
}
