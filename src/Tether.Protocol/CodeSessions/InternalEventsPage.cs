using System.Text.Json.Serialization;

namespace Tether.Protocol.CodeSessions;

/// <summary>A page of internal events; <see cref="NextCursor"/> is omitted on the last page.</summary>
public sealed record InternalEventsPage
{
    /// <summary>The events, oldest first.</summary>
    [JsonPropertyName("data")]
    public required IReadOnlyList<InternalEvent> Data { get; init; }

    /// <summary>Pass as <c>cursor</c> for the next page.</summary>
    [JsonPropertyName("next_cursor")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? NextCursor { get; init; }
}
