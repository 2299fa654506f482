namespace Tether.Server.Environments.Wire;

/// <summary>One environment in <c>GET /v1/environment_providers</c>.</summary>
internal sealed record EnvironmentProvider
{
    public string Kind { get; init; } = "bridge";

    public required string EnvironmentId { get; init; }

    public required string Name { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary><c>active</c> when polled within the active window, else <c>offline</c>.</summary>
    public required string State { get; init; }

    public required string MachineName { get; init; }

    public required string Directory { get; init; }

    public string? Branch { get; init; }

    public string? GitRepoUrl { get; init; }

    public required int MaxSessions { get; init; }

    public required int SessionsInUse { get; init; }
}
