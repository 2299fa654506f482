using System.Text.Json.Serialization;

namespace Tether.Protocol.CodeSessions;

/// <summary>Answer to <c>POST …/worker/events/delivery</c>.</summary>
public sealed record DeliveryAccepted
{
    /// <summary>How many updates were recorded.</summary>
    [JsonPropertyName("updated")]
    public required int Updated { get; init; }
}
