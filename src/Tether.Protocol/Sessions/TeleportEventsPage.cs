using System.Text.Json.Serialization;

namespace Tether.Protocol.Sessions;

/// <summary>A page of teleport events; the last page has no <c>next_cursor</c>.</summary>
public sealed record TeleportEventsPage
{
    /// <summary>The events in order.</summary>
    [JsonPropertyName("data")]
    public required IReadOnlyList<TeleportEvent> Data { get; init; }

    /// <summary>Cursor for the next page, or null at the end.</summary>
    [JsonPropertyName("next_cursor")]
    public string? NextCursor { get; init; }
}
