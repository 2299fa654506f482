namespace Tether.Server.Sessions;

/// <summary>What a new session starts with.</summary>
internal sealed record NewSession(
    string OrgId, string? CreatedBy, string? Title, string? EnvironmentId, string? Source, string? PermissionMode, string SessionContextJson);
