using System.Text.Json.Serialization;

namespace Tether.Protocol.Environments;

/// <summary>One environment in an <see cref="EnvironmentProvidersPage"/>.</summary>
public sealed record EnvironmentProvider
{
    /// <summary>The environment kind, for example <c>bridge</c>.</summary>
    [JsonPropertyName("kind")]
    public required string Kind { get; init; }

    /// <summary>The environment id.</summary>
    [JsonPropertyName("environment_id")]
    public required string EnvironmentId { get; init; }

    /// <summary>The display name.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>When the environment was registered.</summary>
    [JsonPropertyName("created_at")]
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The environment state, for example <c>active</c>.</summary>
    [JsonPropertyName("state")]
    public required string State { get; init; }

    /// <summary>The bridge machine's host name.</summary>
    [JsonPropertyName("machine_name")]
    public required string MachineName { get; init; }

    /// <summary>The directory sessions run in.</summary>
    [JsonPropertyName("directory")]
    public required string Directory { get; init; }

    /// <summary>The git branch at registration.</summary>
    [JsonPropertyName("branch")]
    public required string Branch { get; init; }

    /// <summary>The registered capacity.</summary>
    [JsonPropertyName("max_sessions")]
    public required int MaxSessions { get; init; }

    /// <summary>How many sessions run now.</summary>
    [JsonPropertyName("sessions_in_use")]
    public required int SessionsInUse { get; init; }
}
