using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tether.Protocol.CodeSessions;

/// <summary>A session's worker as <c>GET …/worker</c> returns it (inside <c>{"worker":{…}}</c>).</summary>
public sealed record WorkerState
{
    /// <summary>The <c>cse_…</c> id.</summary>
    [JsonPropertyName("session_id")]
    public required string SessionId { get; init; }

    /// <summary>The current epoch.</summary>
    [JsonPropertyName("worker_epoch")]
    public required long WorkerEpoch { get; init; }

    /// <summary>idle, running, requires_action, or null before the first report.</summary>
    [JsonPropertyName("worker_status")]
    public string? WorkerStatus { get; init; }

    /// <summary>The pending prompt's details, or null.</summary>
    [JsonPropertyName("requires_action_details")]
    public JsonElement? RequiresActionDetails { get; init; }

    /// <summary>Merged external metadata (an object).</summary>
    [JsonPropertyName("external_metadata")]
    public required JsonElement ExternalMetadata { get; init; }

    /// <summary>Merged internal metadata (an object).</summary>
    [JsonPropertyName("internal_metadata")]
    public required JsonElement InternalMetadata { get; init; }

    /// <summary>The last heartbeat, or null.</summary>
    [JsonPropertyName("last_heartbeat_at")]
    public DateTimeOffset? LastHeartbeatAt { get; init; }

    /// <summary>True while heartbeats arrive within the TTL (60 s by default).</summary>
    [JsonPropertyName("worker_online")]
    public required bool WorkerOnline { get; init; }
}
