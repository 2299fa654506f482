namespace Tether.Server.Environments.Wire;

/// <summary>Body of <c>POST /v1/environments/bridge</c>.</summary>
internal sealed record RegisterEnvironmentRequest
{
    public string? MachineName { get; init; }

    public string? Directory { get; init; }

    public string? Branch { get; init; }

    public string? GitRepoUrl { get; init; }

    public int? MaxSessions { get; init; }

    public EnvironmentMetadata? Metadata { get; init; }

    /// <summary>Asks to keep this id (a re-registration after a restart).</summary>
    public string? EnvironmentId { get; init; }
}
