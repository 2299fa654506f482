using System.Text.Json.Serialization;

namespace Tether.Protocol.CodeSessions;

/// <summary>Answer to <c>POST …/worker/internal-events</c>, one result per event in order.</summary>
public sealed record InternalEventsAccepted
{
    /// <summary>The results.</summary>
    [JsonPropertyName("results")]
    public required IReadOnlyList<InternalEventResult> Results { get; init; }
}
