using System.Text.Json.Serialization;

namespace Tether.Protocol.CodeSessions;

/// <summary>Answer to <c>GET …/worker</c> and <c>PUT …/worker</c>.</summary>
public sealed record WorkerStateResponse
{
    /// <summary>The worker state.</summary>
    [JsonPropertyName("worker")]
    public required WorkerState Worker { get; init; }
}
