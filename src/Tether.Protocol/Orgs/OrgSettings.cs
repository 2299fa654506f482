using System.Text.Json.Serialization;

namespace Tether.Protocol.Orgs;

/// <summary>An org's Remote Control settings (<c>GET/PATCH /v1/orgs/current/settings</c>).</summary>
public sealed record OrgSettings
{
    /// <summary>New work uses the v2 code-sessions worker protocol instead of v1 session ingress.</summary>
    [JsonPropertyName("use_code_sessions")]
    public required bool UseCodeSessions { get; init; }

    /// <summary>Remote Control is allowed in this org.</summary>
    [JsonPropertyName("allow_remote_control")]
    public required bool AllowRemoteControl { get; init; }
}
