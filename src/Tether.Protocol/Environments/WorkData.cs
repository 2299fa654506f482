using System.Text.Json.Serialization;

namespace Tether.Protocol.Environments;

/// <summary>The <c>data</c> object of a work item.</summary>
public sealed record WorkData
{
    /// <summary><c>session</c> or <c>healthcheck</c> (see <see cref="WorkDataTypes"/>); unknown types are acked and ignored.</summary>
    [JsonPropertyName("type")]
    public required string Type { get; init; }

    /// <summary>The session id for <c>session</c> work.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }
}
