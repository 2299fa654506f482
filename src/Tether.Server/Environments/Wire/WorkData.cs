namespace Tether.Server.Environments.Wire;

/// <summary>What a work item is about: a session (<c>session_…</c>) or a health check.</summary>
internal sealed record WorkData
{
    public required string Type { get; init; }

    public required string Id { get; init; }
}
