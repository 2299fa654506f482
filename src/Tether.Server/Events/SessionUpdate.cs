using System.Text.Json.Serialization;

namespace Tether.Server.Events;

/// <summary>The ephemeral frame that tells live viewers a session's status changed.</summary>
internal sealed record SessionUpdate([property: JsonPropertyName("session_status")] string SessionStatus)
{
    [JsonPropertyName("type")]
    public string Type => "session_update";
}
