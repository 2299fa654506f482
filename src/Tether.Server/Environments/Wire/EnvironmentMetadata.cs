namespace Tether.Server.Environments.Wire;

/// <summary>The <c>metadata</c> object of a registration.</summary>
internal sealed record EnvironmentMetadata
{
    public string? WorkerType { get; init; }
}
