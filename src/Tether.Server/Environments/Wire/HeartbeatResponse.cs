namespace Tether.Server.Environments.Wire;

/// <summary>Answer to a work heartbeat.</summary>
internal sealed record HeartbeatResponse
{
    public required bool LeaseExtended { get; init; }

    public required string State { get; init; }

    public required DateTimeOffset LastHeartbeat { get; init; }

    public required int TtlSeconds { get; init; }
}
