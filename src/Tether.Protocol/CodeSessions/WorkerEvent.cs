using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tether.Protocol.CodeSessions;

/// <summary>One uploaded event: the SDK message and how to treat it.</summary>
public sealed record WorkerEvent
{
    /// <summary>The SDK message (an object with a string <c>type</c> and, normally, a <c>uuid</c>).</summary>
    [JsonPropertyName("payload")]
    public JsonElement Payload { get; init; }

    /// <summary>Fan out to live viewers only; never stored or replayed.</summary>
    [JsonPropertyName("ephemeral")]
    public bool? Ephemeral { get; init; }

    /// <summary>Internal events: marks a compaction boundary.</summary>
    [JsonPropertyName("is_compaction")]
    public bool? IsCompaction { get; init; }

    /// <summary>Internal events: the sub-agent that wrote it; null for the main thread.</summary>
    [JsonPropertyName("agent_id")]
    public string? AgentId { get; init; }

    /// <summary>Internal events: free-form metadata stored with the event.</summary>
    [JsonPropertyName("event_metadata")]
    public JsonElement EventMetadata { get; init; }
}
