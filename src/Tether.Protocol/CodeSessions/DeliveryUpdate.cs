using System.Text.Json.Serialization;

namespace Tether.Protocol.CodeSessions;

/// <summary>How far the worker got with one client event.</summary>
public sealed record DeliveryUpdate
{
    /// <summary>The client event's <c>event_id</c> from the stream.</summary>
    [JsonPropertyName("event_id")]
    public string? EventId { get; init; }

    /// <summary>received, processing or processed (a status never moves backwards).</summary>
    [JsonPropertyName("status")]
    public string? Status { get; init; }
}
