using Tether.Bridge.Agents;
using Tether.Bridge.Credentials;
using Tether.Bridge.Sessions;

namespace Tether.Bridge;

/// <summary>One bridge's configuration; timing defaults are the reference's (§3.4, §7.2).</summary>
internal sealed record BridgeOptions
{
    public required Uri ServerUrl { get; init; }

    /// <summary>The directory this bridge serves.</summary>
    public required string Directory { get; init; }

    public required string MachineName { get; init; }

    /// <summary>The checked-out branch, or empty.</summary>
    public string Branch { get; init; } = "";

    public string? GitRepoUrl { get; init; }

    public SpawnMode SpawnMode { get; init; } = SpawnMode.SameDir;

    /// <summary>Concurrent sessions (1 in single-session mode).</summary>
    public int Capacity { get; init; } = 32;

    public AgentSpec Agent { get; init; } = AgentSpec.Claude;

    public string? PermissionMode { get; init; }

    public bool Sandbox { get; init; }

    public SessionRunnerOptions Session { get; init; } = SessionRunnerOptions.Default;

    /// <summary>Minimum time between polls when not at capacity (a long poll that was held counts towards it).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>At capacity, poll this rarely (woken early when a session ends).</summary>
    public TimeSpan AtCapacityPollInterval { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the lease of each running session's work is extended.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>When session tokens are refreshed ahead of their expiry.</summary>
    public TokenRefreshOptions TokenRefresh { get; init; } = TokenRefreshOptions.Default;

    /// <summary>Claimed-but-unacked work older than this may be handed out again.</summary>
    public int ReclaimOlderThanMs { get; init; } = 5000;

    /// <summary>Bound on the cleanup after shutdown (stop work, archive, deregister).</summary>
    public TimeSpan CleanupTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary><c>--continue</c>: the environment to re-register under.</summary>
    public string? ResumeEnvironmentId { get; init; }

    /// <summary><c>--continue</c>: the session to reconnect once registered.</summary>
    public string? ResumeSessionId { get; init; }

    public int MaxSessions => SpawnMode == SpawnMode.SingleSession ? 1 : Capacity;
}
