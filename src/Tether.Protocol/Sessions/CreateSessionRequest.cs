using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tether.Protocol.Sessions;

/// <summary>Body of <c>POST /v1/sessions</c>.</summary>
public sealed record CreateSessionRequest
{
    /// <summary>Optional title.</summary>
    [JsonPropertyName("title")]
    public string? Title { get; init; }

    /// <summary>Initial events, each <c>{"type":"event","data":&lt;SDK message&gt;}</c>.</summary>
    [JsonPropertyName("events")]
    public IReadOnlyList<JsonElement>? Events { get; init; }

    /// <summary>Sources, outcomes, model, cwd.</summary>
    [JsonPropertyName("session_context")]
    public JsonElement? SessionContext { get; init; }

    /// <summary>The environment to dispatch the session to.</summary>
    [JsonPropertyName("environment_id")]
    public string? EnvironmentId { get; init; }

    /// <summary>Who created it, for example <c>remote-control</c>.</summary>
    [JsonPropertyName("source")]
    public string? Source { get; init; }

    /// <summary>Permission mode for the agent.</summary>
    [JsonPropertyName("permission_mode")]
    public string? PermissionMode { get; init; }
}
