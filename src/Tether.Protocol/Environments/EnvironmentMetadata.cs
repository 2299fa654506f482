using System.Text.Json.Serialization;

namespace Tether.Protocol.Environments;

/// <summary>The <c>metadata</c> object of a registration.</summary>
public sealed record EnvironmentMetadata
{
    /// <summary>An opaque filter string, for example <c>claude_code</c> (see <see cref="WorkerTypes"/>).</summary>
    [JsonPropertyName("worker_type")]
    public required string WorkerType { get; init; }
}
