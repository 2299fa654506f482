using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tether.Protocol.CodeSessions;

/// <summary>One entry of <c>GET …/worker/internal-events</c>. Absent optional fields are omitted, not null (the client's schema wants that).</summary>
public sealed record InternalEvent
{
    /// <summary>The event id.</summary>
    [JsonPropertyName("event_id")]
    public required string EventId { get; init; }

    /// <summary>The payload's <c>type</c>.</summary>
    [JsonPropertyName("event_type")]
    public required string EventType { get; init; }

    /// <summary>The stored payload.</summary>
    [JsonPropertyName("payload")]
    public required JsonElement Payload { get; init; }

    /// <summary>Metadata stored with it, if any.</summary>
    [JsonPropertyName("event_metadata")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? EventMetadata { get; init; }

    /// <summary>True for a compaction boundary.</summary>
    [JsonPropertyName("is_compaction")]
    public required bool IsCompaction { get; init; }

    /// <summary>When it was stored.</summary>
    [JsonPropertyName("created_at")]
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The sub-agent that wrote it, if any.</summary>
    [JsonPropertyName("agent_id")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? AgentId { get; init; }

    /// <summary>The same as <see cref="AgentId"/>, under the name the current Agent SDK reads.</summary>
    [JsonPropertyName("session_agent_id")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SessionAgentId => AgentId;
}
