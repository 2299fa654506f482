namespace Tether.Server.CodeSessions;

/// <summary>The worker columns of a session row.</summary>
internal sealed record WorkerRow(
    string SessionId,
    string OrgId,
    string Status,
    long WorkerEpoch,
    string? WorkerStatus,
    string? RequiresActionDetails,
    string? ExternalMetadata,
    string? InternalMetadata,
    DateTimeOffset? LastHeartbeatAt);
