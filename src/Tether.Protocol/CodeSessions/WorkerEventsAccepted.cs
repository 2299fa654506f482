using System.Text.Json.Serialization;

namespace Tether.Protocol.CodeSessions;

/// <summary>Answer to <c>POST …/worker/events</c>.</summary>
public sealed record WorkerEventsAccepted
{
    /// <summary>Events newly stored.</summary>
    [JsonPropertyName("accepted")]
    public required int Accepted { get; init; }

    /// <summary>Events whose uuid was already stored (acknowledged, not stored again).</summary>
    [JsonPropertyName("duplicates")]
    public required int Duplicates { get; init; }

    /// <summary>Ephemeral events fanned out.</summary>
    [JsonPropertyName("ephemeral")]
    public required int Ephemeral { get; init; }

    /// <summary>The session's highest sequence number after the write.</summary>
    [JsonPropertyName("last_sequence_num")]
    public required long LastSequenceNum { get; init; }

    /// <summary>True when riding <c>delivery_updates</c> were recorded (absent when none were sent).</summary>
    [JsonPropertyName("delivery_updates_applied")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? DeliveryUpdatesApplied { get; init; }
}
