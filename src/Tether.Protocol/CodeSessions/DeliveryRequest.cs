using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tether.Protocol.CodeSessions;

/// <summary>Body of <c>POST …/worker/events/delivery</c>.</summary>
public sealed record DeliveryRequest
{
    /// <summary>The sender's epoch.</summary>
    [JsonPropertyName("worker_epoch")]
    public JsonElement WorkerEpoch { get; init; }

    /// <summary>At most 64 updates.</summary>
    [JsonPropertyName("updates")]
    public IReadOnlyList<DeliveryUpdate>? Updates { get; init; }
}
