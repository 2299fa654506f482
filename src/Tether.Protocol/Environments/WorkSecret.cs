using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tether.Protocol.Environments;

/// <summary>
/// The decoded <c>secret</c> of a work item (base64url JSON; see <see cref="WorkSecretCodec"/>). Only
/// <see cref="SessionIngressToken"/>, <see cref="SessionIngressTokenExpiresAt"/> and <see cref="UseCodeSessions"/> drive
/// the bridge; the rest is carried for runners that consume it.
/// </summary>
public sealed record WorkSecret
{
    /// <summary>The only supported version.</summary>
    public const int CurrentVersion = 1;

    /// <summary>Always <see cref="CurrentVersion"/>.</summary>
    [JsonPropertyName("version")]
    public int Version { get; init; } = CurrentVersion;

    /// <summary>Authenticates ack, heartbeat and the session's transport (a JWT, optionally prefixed <c>sk-ant-si-</c>).</summary>
    [JsonPropertyName("session_ingress_token")]
    public required string SessionIngressToken { get; init; }

    /// <summary>
    /// When <see cref="SessionIngressToken"/> stops being accepted: a Tether extension (an RFC 3339 timestamp), absent
    /// from reference secrets and ignored by reference decoders. Anything but a valid timestamp reads as null, so a bad
    /// hint never makes the work undecodable.
    /// </summary>
    [JsonPropertyName("session_ingress_token_expires_at")]
    [JsonConverter(typeof(LenientTimestampConverter))]
    public DateTimeOffset? SessionIngressTokenExpiresAt { get; init; }

    /// <summary>The server's API base; validated but not used to build URLs (the bridge keeps its own).</summary>
    [JsonPropertyName("api_base_url")]
    public required string ApiBaseUrl { get; init; }

    /// <summary>Where the code comes from.</summary>
    [JsonPropertyName("sources")]
    public IReadOnlyList<WorkSecretSource>? Sources { get; init; }

    /// <summary>Credentials for the sources.</summary>
    [JsonPropertyName("auth")]
    public IReadOnlyList<WorkSecretAuth>? Auth { get; init; }

    /// <summary>Extra agent flags, flag → value.</summary>
    [JsonPropertyName("claude_code_args")]
    public IReadOnlyDictionary<string, string>? ClaudeCodeArgs { get; init; }

    /// <summary>An MCP configuration object, passed through untouched.</summary>
    [JsonPropertyName("mcp_config")]
    public JsonElement? McpConfig { get; init; }

    /// <summary>Extra environment variables for the agent.</summary>
    [JsonPropertyName("environment_variables")]
    public IReadOnlyDictionary<string, string>? EnvironmentVariables { get; init; }

    /// <summary>True: the session uses the v2 code-sessions worker transport; false: v1 session ingress.</summary>
    [JsonPropertyName("use_code_sessions")]
    public bool UseCodeSessions { get; init; }
}
