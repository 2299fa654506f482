namespace Tether.Server.Environments;

/// <summary>A stored work item.</summary>
internal sealed record WorkItemRecord(
    string Id, string OrgId, string EnvironmentId, string? SessionId, string Type, string State, DateTimeOffset CreatedAt);
