using System.Text.Json.Serialization;

namespace Tether.Bridge.Continuation;

/// <summary>What <c>--continue</c> needs to pick a session up again: the session and the environment it ran on.</summary>
internal sealed record BridgePointer
{
    [JsonPropertyName("session_id")]
    public required string SessionId { get; init; }

    [JsonPropertyName("environment_id")]
    public required string EnvironmentId { get; init; }
}
