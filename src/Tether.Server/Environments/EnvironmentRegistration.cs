namespace Tether.Server.Environments;

/// <summary>A validated registration.</summary>
internal sealed record EnvironmentRegistration(
    string MachineName, string Directory, string? Branch, string? GitRepoUrl, int MaxSessions, string WorkerType, string? ReuseId);
