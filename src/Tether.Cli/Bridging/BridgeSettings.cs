using Tether.Bridge;
using Tether.Bridge.Agents;

namespace Tether.Cli.Bridging;

/// <summary>A bridge run as the command line asked for it.</summary>
internal sealed record BridgeSettings
{
    public required Uri Server { get; init; }

    public required string Token { get; init; }

    public required string Directory { get; init; }

    public string? Name { get; init; }

    public SpawnMode Mode { get; init; } = SpawnMode.SameDir;

    public int Capacity { get; init; } = 32;

    public required AgentSpec Agent { get; init; }

    public string? PermissionMode { get; init; }

    public TimeSpan SessionTimeout { get; init; } = TimeSpan.FromHours(24);

    public bool Sandbox { get; init; }

    public string? DebugFile { get; init; }

    public bool Verbose { get; init; }

    public bool Continue { get; init; }

    /// <summary>Skip the one-time consent prompt.</summary>
    public bool Yes { get; init; }
}
