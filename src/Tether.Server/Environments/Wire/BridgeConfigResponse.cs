namespace Tether.Server.Environments.Wire;

/// <summary>Answer to <c>GET /v1/environments/config</c>: what a bridge checks before it registers.</summary>
internal sealed record BridgeConfigResponse
{
    public required string MinVersion { get; init; }

    public bool UseCodeSessions { get; init; }

    public required long PollIntervalMs { get; init; }

    public required long PollHoldMs { get; init; }

    public required long ReclaimOlderThanMs { get; init; }

    public required int HeartbeatTtlSeconds { get; init; }
}
