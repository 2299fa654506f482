using Tether.Bridge.Agents;

namespace Tether.Cli.DirectConnect;

/// <summary>The settings of one <c>tether serve</c>.</summary>
internal sealed record DirectServeSettings
{
    public string Host { get; init; } = "127.0.0.1";

    public int Port { get; init; }

    public required string AuthToken { get; init; }

    public required string Workspace { get; init; }

    /// <summary>At most this many live sessions; 0 means no limit.</summary>
    public int MaxSessions { get; init; } = 32;

    /// <summary>A detached session is stopped after this long; zero means never.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(10);

    public AgentSpec Agent { get; init; } = AgentSpec.Claude;

    /// <summary>
    /// Each client socket is pinged this often, and dropped when a ping goes unanswered as long, so a client that
    /// vanished (a laptop that slept and woke on another network) frees its session for the next one; zero means never.
    /// </summary>
    public TimeSpan PingInterval { get; init; } = TimeSpan.FromSeconds(30);
}
