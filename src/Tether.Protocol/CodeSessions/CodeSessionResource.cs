using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tether.Protocol.CodeSessions;

/// <summary>A session as the code-sessions API names it (<c>cse_…</c>); the Sessions API shows the same session as <c>session_…</c>.</summary>
public sealed record CodeSessionResource
{
    /// <summary>The <c>cse_…</c> id.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>The same session's Sessions API id.</summary>
    [JsonPropertyName("compat_id")]
    public required string CompatId { get; init; }

    /// <summary>The title, if any.</summary>
    [JsonPropertyName("title")]
    public string? Title { get; init; }

    /// <summary>idle, running, requires_action or archived.</summary>
    [JsonPropertyName("session_status")]
    public required string SessionStatus { get; init; }

    /// <summary>The current worker epoch (0 before the first <c>/bridge</c> call).</summary>
    [JsonPropertyName("worker_epoch")]
    public long WorkerEpoch { get; init; }

    /// <summary>cwd, model, tags and the rest, as given at creation.</summary>
    [JsonPropertyName("session_context")]
    public JsonElement SessionContext { get; init; }

    /// <summary>Creation time.</summary>
    [JsonPropertyName("created_at")]
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Last change.</summary>
    [JsonPropertyName("updated_at")]
    public required DateTimeOffset UpdatedAt { get; init; }
}
