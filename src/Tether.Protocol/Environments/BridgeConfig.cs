using System.Text.Json.Serialization;

namespace Tether.Protocol.Environments;

/// <summary>Answer to <c>GET /v1/environments/config</c>: what a bridge checks before it registers, and advised timings.</summary>
public sealed record BridgeConfig
{
    /// <summary>The oldest bridge version the server accepts (<c>0.0.0</c>: any).</summary>
    [JsonPropertyName("min_version")]
    public string MinVersion { get; init; } = "0.0.0";

    /// <summary>Whether new sessions use the v2 code-sessions transport.</summary>
    [JsonPropertyName("use_code_sessions")]
    public bool UseCodeSessions { get; init; }

    /// <summary>The advised poll interval when not at capacity.</summary>
    [JsonPropertyName("poll_interval_ms")]
    public long? PollIntervalMs { get; init; }

    /// <summary>How long the server holds a poll with no work.</summary>
    [JsonPropertyName("poll_hold_ms")]
    public long? PollHoldMs { get; init; }

    /// <summary>The default <c>reclaim_older_than_ms</c>.</summary>
    [JsonPropertyName("reclaim_older_than_ms")]
    public long? ReclaimOlderThanMs { get; init; }

    /// <summary>The work lease length that heartbeats extend.</summary>
    [JsonPropertyName("heartbeat_ttl_seconds")]
    public int? HeartbeatTtlSeconds { get; init; }
}
