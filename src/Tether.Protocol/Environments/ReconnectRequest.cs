using System.Text.Json.Serialization;

namespace Tether.Protocol.Environments;

/// <summary>Body of <c>POST /v1/environments/{env}/bridge/reconnect</c>: re-queues a session as new work.</summary>
public sealed record ReconnectRequest
{
    /// <summary>The session to re-dispatch.</summary>
    [JsonPropertyName("session_id")]
    public required string SessionId { get; init; }
}
