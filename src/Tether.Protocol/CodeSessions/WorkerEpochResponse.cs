using System.Text.Json.Serialization;

namespace Tether.Protocol.CodeSessions;

/// <summary>Answer to <c>POST …/worker/register</c>.</summary>
public sealed record WorkerEpochResponse
{
    /// <summary>The new epoch.</summary>
    [JsonPropertyName("worker_epoch")]
    public required long WorkerEpoch { get; init; }
}
