using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tether.Protocol.CodeSessions;

/// <summary>Body of <c>POST …/worker/heartbeat</c>.</summary>
public sealed record HeartbeatRequest
{
    /// <summary>The session (either spelling); optional, the URL already names it.</summary>
    [JsonPropertyName("session_id")]
    public string? SessionId { get; init; }

    /// <summary>The sender's epoch.</summary>
    [JsonPropertyName("worker_epoch")]
    public JsonElement WorkerEpoch { get; init; }
}
