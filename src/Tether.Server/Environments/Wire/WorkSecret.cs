using System.Text.Json;

namespace Tether.Server.Environments.Wire;

/// <summary>The decoded work secret (remote-protocol §3.2); clients reject it unless version is 1.</summary>
internal sealed record WorkSecret
{
    public int Version { get; init; } = 1;

    public required string SessionIngressToken { get; init; }

    /// <summary>When the token stops being accepted (a Tether extension; reference decoders ignore it).</summary>
    public DateTimeOffset? SessionIngressTokenExpiresAt { get; init; }

    public required string ApiBaseUrl { get; init; }

    public required JsonElement Sources { get; init; }

    public IReadOnlyList<JsonElement> Auth { get; init; } = [];

    public IReadOnlyDictionary<string, string>? ClaudeCodeArgs { get; init; }

    public JsonElement? McpConfig { get; init; }

    public IReadOnlyDictionary<string, string>? EnvironmentVariables { get; init; }

    public bool UseCodeSessions { get; init; }
}
