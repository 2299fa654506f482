namespace Tether.Server.Environments;

/// <summary>A stored environment row (without its secret hash).</summary>
internal sealed record EnvironmentRecord(
    string Id,
    string OrgId,
    string MachineName,
    string Directory,
    string? Branch,
    string? GitRepoUrl,
    int MaxSessions,
    string WorkerType,
    string State,
    DateTimeOffset? LastPollAt,
    DateTimeOffset CreatedAt,
    int SessionsInUse);
