namespace Tether.Server.Environments.Wire;

/// <summary>Answer to a registration; the secret is shown only here.</summary>
internal sealed record RegisterEnvironmentResponse
{
    public required string EnvironmentId { get; init; }

    public required string EnvironmentSecret { get; init; }
}
