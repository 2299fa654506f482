using System.Text.Json.Serialization;

namespace Tether.Protocol.CodeSessions;

/// <summary>The advised heartbeat cadence.</summary>
public sealed record HeartbeatPolicy
{
    /// <summary>Milliseconds between heartbeats.</summary>
    [JsonPropertyName("interval_ms")]
    public required int IntervalMs { get; init; }
}
