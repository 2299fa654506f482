using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tether.Protocol.Sessions;

/// <summary>Body of every events POST: <c>{"events":[…]}</c>.</summary>
public sealed record EventsRequest
{
    /// <summary>The events, each an SDK message object with a string <c>type</c>.</summary>
    [JsonPropertyName("events")]
    public IReadOnlyList<JsonElement>? Events { get; init; }
}
