using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tether.Protocol.CodeSessions;

/// <summary>Body of <c>POST /v1/code/sessions</c> (env-less bridge, remote-protocol §6).</summary>
public sealed record CreateCodeSessionRequest
{
    /// <summary>Optional title.</summary>
    [JsonPropertyName("title")]
    public string? Title { get; init; }

    /// <summary>Must be present (an object, usually <c>{}</c>): it marks the session as driven by a bridge worker.</summary>
    [JsonPropertyName("bridge")]
    public JsonElement Bridge { get; init; }

    /// <summary>Free-form labels, for example <c>ccr-mirror</c>.</summary>
    [JsonPropertyName("tags")]
    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary><c>{cwd, model, sources?, outcomes?, …}</c>; kept in the session's <c>session_context</c>.</summary>
    [JsonPropertyName("config")]
    public JsonElement Config { get; init; }

    /// <summary>Not used on this path; an empty string is refused, as the reference server does.</summary>
    [JsonPropertyName("environment_id")]
    public string? EnvironmentId { get; init; }
}
