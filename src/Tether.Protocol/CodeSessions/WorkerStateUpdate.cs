using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tether.Protocol.CodeSessions;

/// <summary>
/// Body of <c>PUT …/worker</c>. Properties are raw JSON so that "absent" (<see cref="JsonValueKind.Undefined"/>) and
/// "null" (delete) stay distinct, as the merge rules need.
/// </summary>
public sealed record WorkerStateUpdate
{
    /// <summary>The sender's epoch (an integer, or a numeric string).</summary>
    [JsonPropertyName("worker_epoch")]
    public JsonElement WorkerEpoch { get; init; }

    /// <summary>idle, running or requires_action.</summary>
    [JsonPropertyName("worker_status")]
    public JsonElement WorkerStatus { get; init; }

    /// <summary>What the pending prompt is about, or null.</summary>
    [JsonPropertyName("requires_action_details")]
    public JsonElement RequiresActionDetails { get; init; }

    /// <summary>Shown to viewers; merged one level deep, a null value deletes its key.</summary>
    [JsonPropertyName("external_metadata")]
    public JsonElement ExternalMetadata { get; init; }

    /// <summary>The worker's own state for resume; merged like <see cref="ExternalMetadata"/>.</summary>
    [JsonPropertyName("internal_metadata")]
    public JsonElement InternalMetadata { get; init; }

    /// <summary><c>disconnected</c> on a clean goodbye: the worker is offline at once instead of after the heartbeat TTL.</summary>
    [JsonPropertyName("connection_status")]
    public JsonElement ConnectionStatus { get; init; }
}
