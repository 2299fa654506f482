using System.Text.Json.Serialization;

namespace Tether.Protocol.CodeSessions;

/// <summary>
/// Answer to <c>POST …/worker/heartbeat</c>: the lease is extended for <see cref="TtlSeconds"/>, and the server advises
/// the interval two ways, <see cref="HeartbeatIntervalSeconds"/> (what the current Agent SDK reads) and
/// <see cref="Policy"/> (<c>ccr_heartbeat_policy</c>, as remote-protocol §17 names it).
/// </summary>
public sealed record HeartbeatResponse
{
    /// <summary>Always true: the worker counts as online for another <see cref="TtlSeconds"/>.</summary>
    [JsonPropertyName("lease_extended")]
    public bool LeaseExtended { get; init; } = true;

    /// <summary>When this heartbeat was recorded.</summary>
    [JsonPropertyName("last_heartbeat")]
    public required DateTimeOffset LastHeartbeat { get; init; }

    /// <summary>A worker with no heartbeat for this long counts as offline.</summary>
    [JsonPropertyName("ttl_seconds")]
    public required int TtlSeconds { get; init; }

    /// <summary>The advised interval, in seconds.</summary>
    [JsonPropertyName("heartbeat_interval_seconds")]
    public required int HeartbeatIntervalSeconds { get; init; }

    /// <summary>The advised interval, in milliseconds.</summary>
    [JsonPropertyName("ccr_heartbeat_policy")]
    public required HeartbeatPolicy Policy { get; init; }
}
