using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tether.Protocol.Sessions;

/// <summary>One transcript entry of <c>GET /v1/code/sessions/{id}/teleport-events</c>.</summary>
public sealed record TeleportEvent
{
    /// <summary>The event id.</summary>
    [JsonPropertyName("event_id")]
    public required string EventId { get; init; }

    /// <summary>Where the event stands in the session's log.</summary>
    [JsonPropertyName("sequence_num")]
    public long SequenceNum { get; init; }

    /// <summary>Who wrote it: <c>worker</c> (the agent side) or <c>client</c> (people).</summary>
    [JsonPropertyName("source")]
    public string? Source { get; init; }

    /// <summary>The payload's <c>type</c>.</summary>
    [JsonPropertyName("event_type")]
    public required string EventType { get; init; }

    /// <summary>True for a compaction boundary.</summary>
    [JsonPropertyName("is_compaction")]
    public bool IsCompaction { get; init; }

    /// <summary>The SDK message.</summary>
    [JsonPropertyName("payload")]
    public required JsonElement Payload { get; init; }

    /// <summary>When it was stored.</summary>
    [JsonPropertyName("created_at")]
    public required DateTimeOffset CreatedAt { get; init; }
}
