using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tether.Protocol.Sessions;

/// <summary>A session as the Sessions API returns it.</summary>
public sealed record SessionResource
{
    /// <summary>Always <c>session</c>.</summary>
    [JsonPropertyName("type")]
    public string Type { get; init; } = "session";

    /// <summary>The <c>session_…</c> id.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>The title, or null when none was set.</summary>
    [JsonPropertyName("title")]
    public string? Title { get; init; }

    /// <summary>One of <see cref="SessionStatuses"/>.</summary>
    [JsonPropertyName("session_status")]
    public required string SessionStatus { get; init; }

    /// <summary>The environment the session runs on, if any.</summary>
    [JsonPropertyName("environment_id")]
    public string? EnvironmentId { get; init; }

    /// <summary>Where the session came from (for example <c>remote-control</c>, <c>api</c>).</summary>
    [JsonPropertyName("source")]
    public string? Source { get; init; }

    /// <summary>The permission mode requested at creation, if any.</summary>
    [JsonPropertyName("permission_mode")]
    public string? PermissionMode { get; init; }

    /// <summary>Sources, cwd, outcomes, model and the rest, as given at creation.</summary>
    [JsonPropertyName("session_context")]
    public JsonElement SessionContext { get; init; }

    /// <summary>The highest stored event sequence number.</summary>
    [JsonPropertyName("last_sequence_num")]
    public long LastSequenceNum { get; init; }

    /// <summary>Creation time, ISO 8601.</summary>
    [JsonPropertyName("created_at")]
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Last change, ISO 8601.</summary>
    [JsonPropertyName("updated_at")]
    public required DateTimeOffset UpdatedAt { get; init; }
}
