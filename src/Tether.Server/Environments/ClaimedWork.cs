namespace Tether.Server.Environments;

/// <summary>A freshly claimed work item with the ingress token issued for it and the session's start-up settings.</summary>
internal sealed record ClaimedWork(WorkItemRecord Work, string IngressToken, string? PermissionMode, string? SessionContextJson);
