using System.Text.Json.Serialization;

namespace Tether.Protocol.CodeSessions;

/// <summary>The outcome of one uploaded internal event.</summary>
public sealed record InternalEventResult
{
    /// <summary>Its event id (the stored one, for a duplicate).</summary>
    [JsonPropertyName("event_id")]
    public required string EventId { get; init; }

    /// <summary>True when its uuid was already stored.</summary>
    [JsonPropertyName("duplicate")]
    public required bool Duplicate { get; init; }
}
