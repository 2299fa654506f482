using System.Text.Json.Serialization;

namespace Tether.Cli.DirectConnect;

/// <summary>Body of <c>POST /sessions</c> (remote-protocol §11), plus <c>resume</c> to restart a stopped session by id.</summary>
internal sealed record CreateDirectSessionRequest
{
    [JsonPropertyName("cwd")]
    public string? Cwd { get; init; }

    [JsonPropertyName("dangerously_skip_permissions")]
    public bool? DangerouslySkipPermissions { get; init; }

    [JsonPropertyName("resume")]
    public string? Resume { get; init; }
}

/// <summary>Answer to <c>POST /sessions</c>.</summary>
internal sealed record CreateDirectSessionResponse(
    [property: JsonPropertyName("session_id")] string SessionId,
    [property: JsonPropertyName("ws_url")] string WsUrl,
    [property: JsonPropertyName("work_dir")] string WorkDir);

/// <summary>The lock a running <c>tether serve</c> keeps in its workspace, so a second one refuses to start.</summary>
internal sealed record ServeLockInfo(
    [property: JsonPropertyName("pid")] int Pid,
    [property: JsonPropertyName("port")] int Port,
    [property: JsonPropertyName("host")] string Host,
    [property: JsonPropertyName("httpUrl")] string HttpUrl,
    [property: JsonPropertyName("startedAt")] DateTimeOffset StartedAt);

/// <summary>One session in the persisted index, keyed by session id.</summary>
internal sealed record DirectSessionEntry
{
    [JsonPropertyName("sessionId")]
    public required string SessionId { get; init; }

    /// <summary>The agent's own session id (from its <c>system/init</c>), used to <c>--resume</c> it.</summary>
    [JsonPropertyName("transcriptSessionId")]
    public string? TranscriptSessionId { get; init; }

    [JsonPropertyName("cwd")]
    public required string Cwd { get; init; }

    [JsonPropertyName("permissionMode")]
    public string? PermissionMode { get; init; }

    [JsonPropertyName("status")]
    public required string Status { get; init; }

    [JsonPropertyName("createdAt")]
    public required DateTimeOffset CreatedAt { get; init; }

    [JsonPropertyName("lastActiveAt")]
    public required DateTimeOffset LastActiveAt { get; init; }
}
