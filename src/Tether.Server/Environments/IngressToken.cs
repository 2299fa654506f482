namespace Tether.Server.Environments;

/// <summary>A session ingress token: the worker's credential for one session, bound to the environment and work item that issued it.</summary>
internal sealed record IngressToken(string Id, string OrgId, string? SessionId, string EnvironmentId, string WorkId, DateTimeOffset ExpiresAt);
