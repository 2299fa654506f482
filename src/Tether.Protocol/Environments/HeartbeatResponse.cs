using System.Text.Json.Serialization;

namespace Tether.Protocol.Environments;

/// <summary>Answer to <c>POST /v1/environments/{env}/work/{work}/heartbeat</c>.</summary>
public sealed record HeartbeatResponse
{
    /// <summary>Whether the lease was extended.</summary>
    [JsonPropertyName("lease_extended")]
    public required bool LeaseExtended { get; init; }

    /// <summary>The work item's state.</summary>
    [JsonPropertyName("state")]
    public required string State { get; init; }

    /// <summary>When the server last saw a heartbeat.</summary>
    [JsonPropertyName("last_heartbeat")]
    public DateTimeOffset? LastHeartbeat { get; init; }

    /// <summary>The lease length in seconds (300 by default).</summary>
    [JsonPropertyName("ttl_seconds")]
    public required int TtlSeconds { get; init; }
}
