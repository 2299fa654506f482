namespace Tether.Server.Environments.Wire;

/// <summary>Answer to <c>GET /v1/environment_providers</c>.</summary>
internal sealed record EnvironmentProvidersPage
{
    public required IReadOnlyList<EnvironmentProvider> Environments { get; init; }

    public bool HasMore { get; init; }

    public string? FirstId { get; init; }

    public string? LastId { get; init; }
}
