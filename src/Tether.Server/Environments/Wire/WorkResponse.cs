namespace Tether.Server.Environments.Wire;

/// <summary>One claimed work item, as a poll answers it (remote-protocol §3.2).</summary>
internal sealed record WorkResponse
{
    public required string Id { get; init; }

    public string Type { get; init; } = "work";

    public required string EnvironmentId { get; init; }

    public required string State { get; init; }

    public required WorkData Data { get; init; }

    /// <summary>base64url of the UTF-8 JSON <see cref="WorkSecret"/>.</summary>
    public required string Secret { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
}
