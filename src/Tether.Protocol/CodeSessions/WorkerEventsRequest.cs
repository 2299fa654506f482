using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tether.Protocol.CodeSessions;

/// <summary>Body of <c>POST …/worker/events</c> and <c>POST …/worker/internal-events</c>.</summary>
public sealed record WorkerEventsRequest
{
    /// <summary>The sender's epoch.</summary>
    [JsonPropertyName("worker_epoch")]
    public JsonElement WorkerEpoch { get; init; }

    /// <summary>The events, in order.</summary>
    [JsonPropertyName("events")]
    public IReadOnlyList<WorkerEvent>? Events { get; init; }

    /// <summary>Delivery reports riding along with the upload (the current Agent SDK sends <c>processed</c> here).</summary>
    [JsonPropertyName("delivery_updates")]
    public IReadOnlyList<DeliveryUpdate>? DeliveryUpdates { get; init; }
}
